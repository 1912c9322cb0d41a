from django.apps import AppConfig

from claims.gazetteer.extractor import gazetteer_from_yaml
from sources.nlp.gazetteer import default_gazetteer_set


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # The extraction engine reads no app's data itself; the YAML gazetteer is its default.
        default_gazetteer_set(gazetteer_from_yaml)
