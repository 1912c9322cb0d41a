"""The Celery application; tasks are discovered in the installed apps."""

import os

from celery import Celery
from celery.signals import celeryd_after_setup, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("counterclaim")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_analyses = False  # set in a worker's main process when it consumes the nlp queue; its children inherit it


@celeryd_after_setup.connect
def _note_queues(sender, instance, **kwargs) -> None:
    global _analyses
    from django.conf import settings

    names = set(instance.app.amqp.queues.consume_from or {})
    _analyses = f"{settings.CELERY_QUEUE_PREFIX}nlp" in names


@worker_process_init.connect
def _load_the_model(**kwargs) -> None:
    """An nlp worker's processes load the spaCy model as they start, not on their first article."""
    if _analyses:
        from sources.nlp.model import get_nlp

        get_nlp()
