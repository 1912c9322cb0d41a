"""The ingestion queues and the task that consumes each, by name only.

Importable without Django: `config/settings.py` builds the broker's queues and task routes from
these names, and `ingest/queues.py` its table of batch sizes. A queue is added here and nowhere else.
"""

# queue → the task that takes its messages. Names, not functions: whoever sends a message never
# imports the tasks module.
QUEUE_TASKS = {
    "fetch": "ingest.tasks.article_fetch",
    "nlp": "ingest.tasks.article_analyse",
    "link": "ingest.tasks.article_link",
}
QUEUE_NAMES = tuple(QUEUE_TASKS)
# Where the quorum queues dead-letter a message delivered too often; its task fails the article.
DEAD_QUEUE = "dead"
