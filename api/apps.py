from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from api import (
            checks,  # noqa: F401  (registers the deploy checks)
            schema,  # noqa: F401  (registers the filter-limits schema extension)
        )
