from django.db import migrations

SIDES = [
    ("armenian", "Armenian", 1, "#c2410c", "Armenian government, military and officials, and the Nagorno-Karabakh (Artsakh) de facto authorities."),
    ("azerbaijani", "Azerbaijani", 2, "#0369a1", "Azerbaijani government, president, military, ministries and envoys."),
    ("russian", "Russian", 3, "#7c3aed", "The Kremlin, Russian ministries, the Duma, envoys and the Russian peacekeepers."),
    ("international", "International", 4, "#047857", "The UN, OSCE, EU, other states, NGOs and analysts."),
]


def seed(apps, schema_editor):
    Side = apps.get_model("claims", "Side")
    for slug, name, order, colour, description in SIDES:
        Side.objects.update_or_create(
            slug=slug, defaults={"name": name, "display_order": order, "colour": colour, "description": description}
        )


def seed_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("editor", "admin"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(seed_groups, migrations.RunPython.noop),
    ]
