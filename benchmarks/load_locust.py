"""The simulated people of benchmarks/load.py (a locustfile; load.py starts locust with it).

LOAD_TARGETS names the JSON load.py wrote: per role, people with a session cookie, an address and
their pages. Every request made once all the people are running is timed here, unrounded, and
written to LOAD_SAMPLES when locust stops.
A request fails unless it answers 200 itself: a redirect (to the login page, say) is a failure.
"""

import itertools
import json
import os
import random
from collections import defaultdict

from locust import HttpUser, between, constant_pacing, events, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"]).read())  # noqa: SIM115 -- read once at import
SAMPLES: dict[str, dict] = defaultdict(lambda: {"ms": [], "errors": 0, "failures": []})
PEOPLE = {role: itertools.cycle(people) for role, people in TARGETS["roles"].items()}
# Requests are counted from the moment every simulated person is running: the ones made while people
# are still arriving (load.py spreads their arrival over a few seconds) are left out.
MEASURING = {"on": False}


@events.spawning_complete.add_listener
def start_measuring(user_count, **kwargs):
    MEASURING["on"] = True


@events.request.add_listener
def record(name, response_time, exception, response=None, **kwargs):
    if not MEASURING["on"]:
        return
    entry = SAMPLES[name]
    if exception is None:
        entry["ms"].append(response_time)
        return
    entry["errors"] += 1
    status = getattr(response, "status_code", None)
    if len(entry["failures"]) < 5:
        entry["failures"].append(f"{name}: {status} {exception}")


@events.user_error.add_listener
def record_user_error(user_instance, exception, tb, **kwargs):
    entry = SAMPLES["user errors"]
    entry["errors"] += 1
    entry["failures"].append(f"{type(user_instance).__name__}: {exception!r}")


@events.quitting.add_listener
def write_samples(environment, **kwargs):
    with open(os.environ["LOAD_SAMPLES"], "w") as out:
        json.dump(SAMPLES, out)


def get(client, url: str, name: str) -> None:
    with client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{response.status_code} for {url}")


class Person(HttpUser):
    """Clicks through their role's pages in random order, pausing 1-3 s between two."""

    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        self.person = next(PEOPLE[self.role])
        self.client.cookies.set(TARGETS["session_cookie"], self.person["session"])
        # As the proxy in front would say: the client's own address, and HTTPS.
        self.client.headers.update({"X-Forwarded-For": self.person["address"], "X-Forwarded-Proto": "https"})
        self.pages = sorted(self.person["pages"])

    @task
    def visit(self):
        page = random.choice(self.pages)
        get(self.client, random.choice(self.person["pages"][page]), f"{self.role} {page}")


class Coordinator(Person):
    role = "coordinator"
    weight = 3


class ProjectManager(Person):
    role = "project_manager"
    weight = 2


class Tutor(Person):
    role = "tutor"
    weight = 2


class Employee(Person):
    role = "employee"
    weight = 3


class Baseline(HttpUser):
    """One logged-in person asking the trivial page twice a second all through the run."""

    fixed_count = 1
    wait_time = constant_pacing(0.5)

    def on_start(self):
        baseline = TARGETS["baseline"]
        self.client.cookies.set(TARGETS["session_cookie"], baseline["session"])
        self.client.headers.update({"X-Forwarded-For": baseline["address"], "X-Forwarded-Proto": "https"})

    @task
    def trivial_page(self):
        get(self.client, TARGETS["baseline"]["url"], "baseline")


class Liveness(HttpUser):
    """The liveness probe twice a second, for reference: the web server's own floor."""

    fixed_count = 1
    wait_time = constant_pacing(0.5)

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"

    @task
    def live(self):
        get(self.client, TARGETS["liveness"], "liveness")
