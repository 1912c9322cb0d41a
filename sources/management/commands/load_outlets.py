from django.core.management.base import BaseCommand, CommandError

from sources.outlets import load_outlet_entries, outlets_load


class Command(BaseCommand):
    help = "Load the outlets of sources/data/outlets.yaml (country, affiliation, domains) into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite outlets that already exist (admin edits too)."
        )

    def handle(self, *args, update: bool = False, **options):
        try:
            entries = load_outlet_entries()
        except (OSError, ValueError, TypeError) as exc:
            raise CommandError(f"outlet data is invalid: {exc}") from None
        counts = outlets_load(entries, update=update)
        self.stdout.write("outlets: {created} created, {updated} updated".format(**counts))
