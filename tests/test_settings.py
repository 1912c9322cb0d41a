"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/x"),
        ("CELERY_BROKER_URL", "ftp://broker"),
        ("FETCH_MAX_BYTES", "lots"),
        ("LOG_LEVEL", "LOUD"),
        ("SECRET_KEY", "short"),
    ],
)
def test_bad_setting_stops_startup_with_one_line_naming_it(name, value):
    result = _manage("check", env={"DATABASE_URL": os.environ.get("DATABASE_URL", ""), name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]


def test_deploy_check_is_clean_with_production_values():
    env = {
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "HTTPS": "true",
        "ALLOWED_HOSTS": "counterclaim.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://counterclaim.example.org",
        "CELERY_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("cache", [None, "locmem://", "dummy://"])
def test_deploy_check_warns_when_the_cache_is_not_shared(cache):
    env = {
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "true",
        "ALLOWED_HOSTS": "counterclaim.example.org",
        "REDIS_URL": "",
        "CACHE_URL": cache or "",
    }
    result = _manage("check", "--deploy", env=env)
    assert "api.W001" in result.stderr + result.stdout
    assert "REDIS_URL" in result.stderr + result.stdout
