from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("", views.home, name="home"),
    path("how-to-read/", views.how_to_read, name="how-to-read"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/export.csv", views.incident_export, {"fmt": "csv"}, name="incident-export-csv"),
    path("incidents/export.json", views.incident_export, {"fmt": "json"}, name="incident-export-json"),
    path("incidents/export.geojson", views.incident_export, {"fmt": "geojson"}, name="incident-export-geojson"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("statements/", views.statement_list, name="statements"),
    path("statements/export.csv", views.statement_export, {"fmt": "csv"}, name="statement-export-csv"),
    path("statements/export.jsonl", views.statement_export, {"fmt": "jsonl"}, name="statement-export-jsonl"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
    path("places/<slug:slug>/", views.place_detail, name="place"),
    path("search/", views.search, name="search"),
    path("map/", views.incident_map, name="map"),
    path("sides.css", views.sides_css, name="sides-css"),
]
