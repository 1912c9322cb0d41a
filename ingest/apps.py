from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = "Ingestion"

    def ready(self) -> None:
        # sources announces submitted and re-queued articles; ingest sends their messages (sources
        # never imports ingest, which sits above it).
        from ingest import queues
        from sources.services import article_queued

        article_queued.connect(queues.on_article_queued, dispatch_uid="ingest.queues.on_article_queued")
