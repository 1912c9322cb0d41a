from django.urls import path

from claims.editor import views

app_name = "editor"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("review/", views.review, name="review"),
    path("bulk-edit/", views.bulk_edit, name="bulk-edit"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements/<int:pk>/relations/", views.relation_add, name="relation-add"),
    path("relations/<int:pk>/decide/", views.relation_decide, name="relation-decide"),
    path("articles/", views.article_list, name="articles"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/merge/", views.incident_merge, name="incident-merge"),
    path("incidents/<int:pk>/split/", views.incident_split, name="incident-split"),
    path("incidents/<int:pk>/suggest/", views.incident_suggest, name="incident-suggest"),
]
