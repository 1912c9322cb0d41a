from django.core.management.base import BaseCommand, CommandError

from claims import gazetteer
from claims.services import gazetteer_load


class Command(BaseCommand):
    help = "Load the actors and places of claims/gazetteer/*.yaml into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite rows that already exist (admin edits too)."
        )

    def handle(self, *args, update: bool = False, **options):
        try:
            actors = gazetteer.load_actors()
            places = gazetteer.load_places()
        except (OSError, ValueError) as exc:
            raise CommandError(f"gazetteer data is invalid: {exc}") from None
        counts = gazetteer_load(actors=actors, places=places, update=update)
        self.stdout.write(
            "actors: {actors_created} created, {actors_updated} updated; "
            "places: {places_created} created, {places_updated} updated".format(**counts)
        )
