from django.contrib.admin.apps import AdminConfig


class CounterclaimAdminConfig(AdminConfig):
    default_site = "config.admin_site.CounterclaimAdminSite"
