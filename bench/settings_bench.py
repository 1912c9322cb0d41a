"""Settings for bench/bench_api.py: the project's own settings, with the baseline views mounted.

gunicorn is started with `--pythonpath bench` and DJANGO_SETTINGS_MODULE=settings_bench, so the API
and the bare baseline views are served by the same processes in the same run.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "baseline_urls"
