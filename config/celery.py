"""The Celery application; tasks are discovered in the installed apps.

Two pieces of broker wiring on top of Celery's defaults, both for the quorum queues' native delayed
delivery (how a retry waits on RabbitMQ rather than in a worker's memory):
- every worker declares every queue as it starts, before binding them all to the delayed-delivery
  exchange — a worker that consumes only `nlp` would otherwise fail to bind `fetch`, `link` and
  `dead` while no other worker has declared them yet ("Failed to setup delayed delivery");
- the delayed-delivery exchanges and queues are named under `CELERY_QUEUE_PREFIX` like every other
  name of ours on the broker, when publishing a delayed message as when declaring them.
"""

import os

from celery import Celery
from celery.app.amqp import AMQP
from celery.worker.consumer import Consumer as CeleryConsumer
from celery.worker.consumer.delayed_delivery import DelayedDelivery as CeleryDelayedDelivery
from django.conf import settings
from kombu import Exchange
from kombu.transport.native_delayed_delivery import (
    MAX_LEVEL,
    bind_queue_to_native_delayed_delivery_exchange,
    declare_native_delayed_delivery_exchanges_and_queues,
    level_name,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def delayed_delivery_prefix() -> str | None:
    """The prefix kombu puts before `_celery_delayed_…`: ours without its trailing separator."""
    return settings.CELERY_QUEUE_PREFIX.rstrip("_.-:") or None


class _AMQP(AMQP):
    """Publishes delayed messages to the prefixed delayed-delivery exchange (Celery names its own)."""

    def _create_task_sender(self):
        send = super()._create_task_sender()
        celery_entry = level_name(MAX_LEVEL)

        def send_task_message(producer, name, message, exchange=None, **options):
            prefix = delayed_delivery_prefix()
            if prefix and getattr(exchange, "name", exchange) == celery_entry:
                exchange = Exchange(level_name(MAX_LEVEL, prefix), type="topic")
            return send(producer, name, message, exchange=exchange, **options)

        return send_task_message


class DelayedDelivery(CeleryDelayedDelivery):
    """Celery's delayed-delivery set-up, declaring every queue first and using the prefixed names."""

    def _setup_delayed_delivery(self, c, broker_url: str) -> None:
        prefix = delayed_delivery_prefix()
        queues = list(c.app.amqp.queues.values())
        with c.app.connection_for_write(url=broker_url) as connection:
            channel = connection.default_channel
            for queue in queues:
                queue.bind(channel).declare()
            queue_type = c.app.conf.broker_native_delayed_delivery_queue_type
            declare_native_delayed_delivery_exchanges_and_queues(connection, queue_type, prefix)
            for queue in queues:
                bind_queue_to_native_delayed_delivery_exchange(connection, queue, prefix)


class Consumer(CeleryConsumer):
    """The worker's consumer, with our DelayedDelivery step in place of Celery's (`worker_consumer`)."""

    class Blueprint(CeleryConsumer.Blueprint):
        default_steps = [
            "config.celery:DelayedDelivery" if step.endswith(":DelayedDelivery") else step
            for step in CeleryConsumer.Blueprint.default_steps
        ]


app = Celery("counterclaim", amqp=_AMQP)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
