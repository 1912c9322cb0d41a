from django.urls import path

from claims.editor import merge, pickers, queue, views

app_name = "editor"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("review/", queue.review, name="review"),
    path("bulk-edit/", queue.bulk_edit, name="bulk-edit"),
    path("undo/", merge.undo, name="undo"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements/<int:pk>/relations/", views.relation_add, name="relation-add"),
    path("statements/<int:pk>/actor/", views.actor_create, name="actor-create"),
    path("statements/<int:pk>/alias/", views.alias_add, name="alias-add"),
    path("relations/<int:pk>/decide/", views.relation_decide, name="relation-decide"),
    path("articles/", views.article_list, name="articles"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/merge/", merge.incident_merge, name="incident-merge"),
    path("incidents/<int:pk>/split/", views.incident_split, name="incident-split"),
    path("incidents/<int:pk>/suggest/", views.incident_suggest, name="incident-suggest"),
    path("pick/<str:kind>/", pickers.pick, name="pick"),
]
