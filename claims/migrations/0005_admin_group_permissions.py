from django.contrib.auth.management import create_permissions
from django.db import migrations

# What the "admin" role manages: users and groups, feeds and outlets, and the whole gazetteer and
# claims data, through the Django admin.
ADMIN_APPS = {"auth", "sources", "claims", "django_celery_beat"}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrate; make sure they exist now.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_group, _ = Group.objects.get_or_create(name="admin")
    admin_group.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_statement_search_index"),
        ("sources", "0002_article_pipeline_steps"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
