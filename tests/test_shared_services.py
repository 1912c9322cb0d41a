"""The test suite never stops or restarts the machine's shared services.

RabbitMQ, PostgreSQL and Redis on 127.0.0.1 serve everyone on the machine (other checkouts, other
test runs): a test that needs one to go away uses a private stand-in, such as the broker relay of
tests/ingest/broker_proxy.py.
"""

from __future__ import annotations

import re

from tests.conftest import ROOT

STOPPING = re.compile(
    r"""stop_app|["']rabbitmqctl["'],\s*["'](stop|shutdown|reset|force_reset)["']|pg_ctlcluster|"""
    r"""["']shutdown["'].*redis|redis-cli[^\n]*shutdown"""
)


def test_no_test_stops_a_shared_service():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name != "test_shared_services.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if STOPPING.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
