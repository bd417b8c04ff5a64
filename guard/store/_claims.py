"""Claims on merchant actions: who holds an order, taking over a lapsed claim, ending one.

A claim is a row (memory: an entry) per subject, written in its own short transaction: no
lock is held while the worker calls the API. Ending it (settle, release) is another.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import attrs

from orderguard.store._records import Claim, Source, Versioned
from orderguard.store._tx import Entry, Tx


def default_owner() -> str:
    """Who claims when no owner is named: ``host/pid/thread``."""
    return f"{socket.gethostname()}/{os.getpid()}/{threading.current_thread().name}"


def take(tx: Tx, mine: Claim) -> Claim:
    """Take ``mine`` if the subject is free or its claim lapsed, else return the held claim."""
    tx.lock(mine.subject)
    held = tx.claim_of(mine.subject)
    if held is not None and not held.expired(mine.claimed_at):
        return held
    taken = attrs.evolve(mine, replaced=held)
    tx.put_claim(taken)
    return taken


def ending(tx: Tx, claim: Claim, how: str, detail: str) -> str:
    """Drop ``claim`` if it still holds its subject; the history's note on how it ended."""
    held = tx.claim_of(claim.subject)
    note = f"{how} by {claim.owner}"
    if held is not None and held.token == claim.token:
        tx.drop_claim(claim)
    else:
        note += " after its lease lapsed"
    return f"{note}: {detail}" if detail else note


def note_action(tx: Tx, claim: Claim, note: str) -> Versioned | None:
    """A history row for an action that brought no answer (only when the order is known)."""
    if claim.order_id is None:
        return None
    current = tx.read(claim.order_id)
    if current is not None:
        tx.log(
            Entry(
                claim.order_id,
                time.time(),
                Source.ACTION,
                claim.action,
                None,
                note,
                current.version,
                current.snapshot,
                current.snapshot,
            )
        )
    return current
