from claims import gazetteer
from claims.services import gazetteer_load
from sources.management.loading import LoadDataCommand


class Command(LoadDataCommand):
    help = "Load the actors and places of claims/gazetteer/*.yaml into the database."
    data = "gazetteer"

    def read(self):
        return gazetteer.load_actors(), gazetteer.load_places()

    def load(self, entries, *, update):
        actors, places = entries
        counts = gazetteer_load(actors=actors, places=places, update=update)
        return (
            "actors: {actors_created} created, {actors_updated} updated; "
            "places: {places_created} created, {places_updated} updated".format(**counts)
        )
