from sources.management.loading import LoadDataCommand
from sources.outlets import load_outlet_entries, outlets_load


class Command(LoadDataCommand):
    help = "Load the outlets of sources/data/outlets.yaml (country, affiliation, domains) into the database."
    rows, data = "outlets", "outlet"
    invalid = (OSError, ValueError, TypeError)

    def read(self):
        return load_outlet_entries()

    def load(self, entries, *, update):
        counts = outlets_load(entries, update=update)
        return "outlets: {created} created, {updated} updated".format(**counts)
