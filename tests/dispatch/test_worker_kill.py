"""A worker killed mid-batch neither loses nor doubles a SvarUt shipment: the real `boligvei
db_worker` in its own process, killed with SIGKILL while SvarUt holds back its answer to a letter
it has already stored; the next worker asks SvarUt by reference and sends only what is missing."""

import os
import signal
import subprocess

import pytest
from django.db import connection

from boligvei.dispatch import services
from boligvei.dispatch.models import Shipment, ShipmentState
from boligvei.outreach.models import CampaignStatus
from tests.outreach.test_db_worker import BOLIGVEI, _database_url, _wait_for


def _worker(svarut, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "SVARUT_ENABLED": "true", "SVARUT_URL": svarut.base_url,
           "SVARUT_ACCOUNT_ID": svarut.account_id, "SVARUT_INTEGRATION_ID": svarut.integration_id,
           "SVARUT_INTEGRATION_PASSWORD": svarut.integration_password, "MASKINPORTEN_TOKEN_URL": svarut.token_url,
           "MASKINPORTEN_AUDIENCE": svarut.audience, "MASKINPORTEN_CLIENT_ID": svarut.client_id,
           "MASKINPORTEN_KEY_FILE": str(svarut.key_file)}
    return subprocess.Popen([BOLIGVEI, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="a second process shares the test database only on PostgreSQL (SQLite's is in memory)")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_svarut_holds_its_answer_loses_and_doubles_nothing(svarut, alice, generated_campaign):
    assert connection.vendor == "postgresql"
    svarut.stall_send_after = 1  # the second letter is stored, its answer held back
    assert services.campaign_send(actor=alice, campaign=generated_campaign) == 3  # queues the send job on commit
    first = _worker(svarut)
    try:
        assert svarut.stalled.wait(120), "the worker never reached the second letter"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    assert len(svarut.forsendelser) == 2
    states = sorted(Shipment.objects.values_list("state", flat=True))
    assert states == [ShipmentState.QUEUED, ShipmentState.SENDING, ShipmentState.SENT]
    svarut.stall_send_after = None
    svarut.stall.set()

    second = _worker(svarut, "--batch")  # started again, it finds the interrupted run by itself
    output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    assert "SvarUt: brev som venter på sending, satt i kø igjen." in output
    assert len(svarut.forsendelser) == 3  # the stored one was found, not sent again
    shipments = list(Shipment.objects.all())
    assert {s.state for s in shipments} == {ShipmentState.SENT}
    assert sorted(str(s.forsendelse_id) for s in shipments) == sorted(svarut.forsendelser)
    for shipment in shipments:
        assert len(svarut.by_reference(shipment.external_reference)) == 1
    generated_campaign.refresh_from_db()
    assert generated_campaign.status == CampaignStatus.SENT
