from types import SimpleNamespace

from core.memo import per_object


def test_a_read_is_made_once_per_object_and_anew_for_another():
    calls = []

    @per_object
    def double(obj):
        calls.append(obj.n)
        return obj.n * 2

    first, second = SimpleNamespace(n=1), SimpleNamespace(n=5)

    assert [double(first), double(first), double(second), double.uncached(first)] == [2, 2, 10, 2]
    assert calls == [1, 5, 1]


def test_two_reads_of_one_object_keep_their_own_results():
    @per_object
    def ones(obj):
        return 1

    @per_object
    def twos(obj):
        return 2

    thing = SimpleNamespace()

    assert (ones(thing), twos(thing), ones(thing)) == (1, 2, 1)
