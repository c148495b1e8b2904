from types import SimpleNamespace

import pytest

from core.memo import per_object, shared_reads

CALLS = []


@per_object
def double(obj):
    CALLS.append(obj.pk)
    return obj.pk * 2


@per_object
def triple(obj):
    return obj.pk * 3


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_within_a_block_a_read_is_made_once_per_object():
    first, same, other = SimpleNamespace(pk=1), SimpleNamespace(pk=1), SimpleNamespace(pk=5)

    with shared_reads():
        results = [double(first), double(same), double(other), triple(first)]

    assert (results, CALLS) == ([2, 2, 10, 3], [1, 5])


def test_outside_a_block_every_call_reads_anew():
    thing = SimpleNamespace(pk=2)

    with shared_reads():
        double(thing)
    results = [double(thing), double(thing)]

    assert (results, CALLS) == ([4, 4], [2, 2, 2])
