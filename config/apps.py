from django.conf import settings
from django.contrib.admin.apps import AdminConfig


class CounterclaimAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.CounterclaimAdminSite"

    def ready(self):
        super().ready()
        if settings.EMBEDDED_DATABASE:
            # Here, in the main thread at start-up: the first connection (which starts the server)
            # may come from another thread, e.g. runserver's with the autoreloader.
            from config.embedded import exit_cleanly_on_termination

            exit_cleanly_on_termination()
