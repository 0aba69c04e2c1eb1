"""Key rotation for the identity numbers (docs/operations.md has the procedure).

Identity numbers are stored encrypted with the first of the `FIELD_ENCRYPTION_KEY` keys (all of
them decrypt) and as an HMAC with `IDENTITY_HASH_KEY` for search (boligvei.lib.crypto). After a
new key is put first, `identity_numbers_rotate` re-encrypts every number still under an older
key, so the old key can be removed; with `rehash` it also recomputes every hash with the current
hash key from the decrypted number, so the old hash key is never needed. Batches keep each
transaction short; a number already under the current key (and hash) is left as it is, so a
second run changes nothing.
"""

from django.db import transaction

from boligvei.core.audit import audit_record
from boligvei.lib import crypto
from boligvei.people.models import Person


def identity_numbers_rotate(*, rehash: bool = False, dry_run: bool = False, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt (and with `rehash`, re-hash) every stored identity number; returns the counts
    of numbers seen, re-encrypted and re-hashed."""
    counts = {"numbers": 0, "reencrypted": 0, "rehashed": 0}
    last_pk = 0
    rows = Person.objects.exclude(identity_number_encrypted="").order_by("pk")
    while batch := list(rows.filter(pk__gt=last_pk).values_list(
            "pk", "identity_number_encrypted", "identity_number_hash")[:batch_size]):
        with transaction.atomic():
            for pk, token, digest in batch:
                fields = {}
                if not crypto.is_current(token):
                    fields["identity_number_encrypted"] = crypto.rotate(token)
                if rehash and (new_digest := crypto.keyed_hash(crypto.decrypt(token))) != digest:
                    fields["identity_number_hash"] = new_digest
                if fields and not dry_run:
                    Person.objects.filter(pk=pk).update(**fields)
                counts["reencrypted"] += "identity_number_encrypted" in fields
                counts["rehashed"] += "identity_number_hash" in fields
        counts["numbers"] += len(batch)
        last_pk = batch[-1][0]
    if not dry_run and (counts["reencrypted"] or counts["rehashed"]):
        audit_record(actor=None, action="privacy.rotate_keys", changes=counts)
    return counts
