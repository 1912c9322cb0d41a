from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("submit/", views.article_submit, name="submit"),
    path("articles/<int:pk>/status/", views.article_status, name="article-status"),
    path("articles/<int:pk>/reprocess/", views.article_reprocess, name="article-reprocess"),
]
