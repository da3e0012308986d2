"""Generate a synthetic knowledge repository of a large organisation, for benchmarks.

    python benchmarks/generate.py --size 10000 /tmp/org

The same seed and size always give the same files. The mix follows a company that has used flaims
for a few years: half the documents are failure reports, a third retros, then people, their
development plans, curriculum modules, a handful of ladders and one tag taxonomy. Text lengths are
like the demo organisation's (a failure report is about 2 KB). Tag use is skewed (Zipf), so the
common tags overflow and the long tail does not. Every file is meant to pass `flaims lint` without
errors, so a benchmark measures the real path rather than error reporting.

Only the standard library is used, so the script runs before flaims is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 9, 30)
FAILURES_PER_YEAR = 2500  # a 5,000-person company that writes its failures down

# Ladders: id -> (title, level prefix, number of levels, competencies)
LADDERS: dict[str, tuple[str, str, int, list[str]]] = {
    "engineering": ("Software Engineering", "e", 5,
                    ["testing", "design", "operations", "delivery", "incident-response",
                     "code-review", "security", "mentoring"]),
    "engineering-management": ("Engineering Management", "m", 4,
                               ["coaching", "hiring", "delivery-management", "strategy",
                                "feedback"]),
    "product": ("Product Management", "p", 5,
                ["discovery", "prioritisation", "analytics", "communication", "roadmapping",
                 "experimentation"]),
    "design": ("Product Design", "d", 4,
               ["research", "interaction", "visual", "accessibility", "facilitation"]),
    "data": ("Data and Analytics", "a", 5,
             ["modelling", "pipelines", "statistics", "data-quality", "storytelling"]),
    "security": ("Security Engineering", "s", 4,
                 ["threat-modelling", "detection", "response", "secure-design"]),
}

# Failure-tag families and their specific patterns.
TAG_FAMILIES: dict[str, list[str]] = {
    "configuration": ["config-drift", "feature-flags", "secrets-expiry", "wrong-environment",
                      "default-values", "dns-change", "quota-limits"],
    "deployment": ["unsafe-migration", "big-bang-rollout", "rollback-failed", "deploy-order",
                   "release-freeze-breach", "build-nondeterminism", "canary-skipped"],
    "capacity": ["timeouts", "pool-exhaustion", "peak-traffic", "memory-pressure", "disk-full",
                 "autoscaling-limits", "thundering-herd"],
    "dependencies": ["vendor-outage", "api-contract-change", "sdk-upgrade", "expired-contract",
                     "rate-limited", "library-regression", "certificate-chain"],
    "data-integrity": ["duplicate-processing", "lost-writes", "schema-drift", "clock-skew",
                       "encoding-errors", "partial-backfill", "stale-cache"],
    "observability": ["missing-alert", "noisy-alerts", "missing-runbook", "blind-spot",
                      "log-cost", "dashboard-lies", "slow-detection"],
    "process": ["handover-gap", "single-expert", "unclear-ownership", "review-skipped",
                "change-window", "manual-step", "priority-conflict"],
    "security": ["leaked-secret", "over-broad-access", "unpatched-dependency", "phishing",
                 "audit-gap", "token-misuse", "open-bucket"],
    "testing": ["untested-path", "flaky-tests", "test-data-gap", "staging-mismatch",
                "mocked-away", "load-test-missing", "contract-test-missing"],
    "communication": ["status-page-late", "customer-notice", "cross-team-surprise",
                      "language-gap", "escalation-unclear", "handoff-lost", "silent-change"],
}

FIRST = ["alice", "bilal", "chloe", "dmitri", "elif", "felix", "grace", "hana", "ines", "jonas",
         "kwame", "lena", "mateo", "nadia", "oskar", "priya", "quentin", "rosa", "samir", "tomas",
         "uma", "viktor", "wen", "ximena", "yusuf", "zoe", "amara", "bruno", "carmen", "deniz",
         "emeka", "farah", "gustav", "helga", "ivan", "jia", "kofi", "laila", "marek", "noor"]
LAST = ["ng", "rahman", "martin", "brandt", "adeyemi", "okafor", "weber", "carvalho", "asante",
        "natarajan", "lindqvist", "garcia", "kowalski", "tanaka", "haddad", "silva", "novak",
        "osei", "petrov", "quinn", "rossi", "schmidt", "dubois", "yilmaz", "chen", "ivanova",
        "mensah", "fischer", "lopez", "nakamura", "obi", "park", "reyes", "sato", "varga"]
AREAS = ["payments", "platform", "mobile", "data", "search", "checkout", "identity", "billing",
         "growth", "logistics", "support", "catalogue", "pricing", "ledger", "messaging",
         "security", "infra", "analytics", "partners", "onboarding"]

SYSTEMS = ["the payments API", "the nightly batch job", "the connection proxy", "the booking service",
           "the search cluster", "the message queue", "the ledger database", "the mobile release",
           "the stock sync", "the payout scheduler", "the feature-flag service", "the CDN edge",
           "the identity provider", "the reporting pipeline", "the pricing engine",
           "the webhook dispatcher", "the import job", "the load balancer", "the cache tier",
           "the build pipeline"]
TRIGGERS = ["a traffic peak twice the forecast", "a routine configuration change",
            "an upgrade of a shared library", "a certificate rotation", "a vendor maintenance window",
            "a schema migration", "a region failover", "a backfill of old records",
            "a new integration going live", "a seasonal campaign", "a retry storm",
            "a clock change at the weekend", "a partner changing their API without notice",
            "an expired credential", "a disk filling up overnight"]
EFFECTS = ["requests timed out", "duplicate records were written", "alerts stayed silent",
           "customers saw stale prices", "jobs piled up in the queue", "payouts were delayed",
           "logins failed intermittently", "the dashboard showed healthy systems",
           "orders were accepted but never confirmed", "the release had to be rolled back",
           "support tickets doubled", "the error budget for the quarter was spent"]
DURATIONS = ["for 12 minutes", "for 40 minutes", "for about two hours", "over a weekend",
             "for most of a morning", "for three days before anyone noticed", "for 25 minutes"]
FACTORS = ["The runbook described the system as it was before the last migration.",
           "Nobody owned the alert thresholds, so they had not changed in two years.",
           "The staging environment used a smaller data set than production.",
           "Retries had no backoff and no idempotency key.",
           "The change was reviewed, but the reviewer saw only the diff, not the rollout plan.",
           "Capacity was planned from last year's traffic.",
           "Two teams each believed the other one owned the integration.",
           "The dashboard averaged latency, which hid the slow tail customers felt.",
           "The deploy order of the two services was known only to one engineer.",
           "Connection pools were sized by hand years ago and never revisited.",
           "The vendor's status page lagged the real outage by half an hour.",
           "The feature flag had no owner and no expiry date.",
           "Load tests ran against a traffic model nobody had refreshed.",
           "The migration held a lock far longer than the test data suggested.",
           "Paging went to a rotation whose members had changed teams."]
LESSONS = ["A system we cannot fail over in a drill will not fail over in an incident.",
           "Every temporary switch needs an owner and an end date when it is flipped.",
           "Retrying money movement is only safe with an idempotency key the whole chain honours.",
           "Alert on what customers feel, not on what is easy to measure.",
           "Heuristics that look like guarantees are more dangerous than no guarantee.",
           "A runbook that nobody has run recently is a guess, not a procedure.",
           "Staging that differs from production tests a different system.",
           "Ownership that is not written down does not exist at three in the morning.",
           "Capacity needs a load test before each peak, not after it.",
           "Small, reversible releases beat careful big ones.",
           "The cheapest time to find a contract change is in the partner's sandbox.",
           "Knowledge held by one person is an outage waiting for a holiday."]
ACTIONS = ["Load-test the service at three times last peak before the next campaign.",
           "Add an owner and an expiry date to every operational flag.",
           "Alert on p99 latency per endpoint instead of the average.",
           "Write and rehearse the failover runbook with someone who has never done it.",
           "Require an idempotency key on every payment request.",
           "Add a contract test against the partner's sandbox to the pipeline.",
           "Page a second engineer automatically for every critical incident.",
           "Make the migration tool refuse locks longer than five seconds.",
           "Track certificate expiry dates in the monitoring system.",
           "Move the job to the shared scheduler with retries and backoff.",
           "Pair on the next release so that two people know the deploy order."]
OBSERVATIONS = ["Alerts fired twenty minutes after customers noticed.",
                "The on-call engineer spent the first ten minutes finding the right dashboard.",
                "Half of last quarter's experiments were done; the rest quietly lapsed.",
                "Reviews took longer when the change touched two services.",
                "We shipped every week, but the big release still slipped by a month.",
                "Most incidents started on a Friday afternoon.",
                "New joiners asked the same three questions about the deploy pipeline.",
                "The test suite took forty minutes and people stopped waiting for it.",
                "Support heard about the outage from shops before we did.",
                "The migration plan was reviewed by one person from another team."]
INSIGHTS = ["Our alerts watch averages; customers feel the tail.",
            "We practise deploying every day and failing over never.",
            "Experiments without an owner lapse, whatever their priority.",
            "We are good at what we practise, and we practise the easy part.",
            "Ownership is clear on paper and unclear in the first minutes of an incident.",
            "Slow feedback makes people batch changes, which makes each change riskier.",
            "We learn most from the incidents we write up in the first week.",
            "The parts of the system nobody changes are the parts nobody understands."]
SIGNALS = ["Explains the trade-offs of a change to someone outside the team.",
           "Asks for feedback early, before the work is finished.",
           "Writes down decisions so that others can follow them later.",
           "Notices when a process no longer fits and proposes a better one.",
           "Leaves the codebase or document clearer than they found it.",
           "Helps a colleague through a problem without taking it over.",
           "Plans work so that it can be stopped halfway and still be useful.",
           "Measures the result of a change instead of assuming it worked."]
LEVEL_TITLES = ["Apprentice", "Practitioner", "Senior", "Staff", "Principal"]
THRESHOLD_NAMES = ["Does what is asked with guidance", "Works independently",
                   "Shapes the team's practice", "Sets the direction across teams",
                   "Changes how the organisation works"]


def slug_words(rng: random.Random, n: int) -> str:
    words = ["slow", "checkout", "queue", "payout", "search", "cache", "login", "import", "sync",
             "release", "failover", "latency", "duplicate", "webhook", "migration", "quota",
             "certificate", "pricing", "report", "backfill", "alert", "rollout", "peak", "ledger"]
    return "-".join(rng.sample(words, n))


def sentence(rng: random.Random) -> str:
    return (f"During {rng.choice(TRIGGERS)}, {rng.choice(SYSTEMS)} degraded and "
            f"{rng.choice(EFFECTS)} {rng.choice(DURATIONS)}.")


def folded(text: str, indent: str = "  ", width: int = 92) -> str:
    """A `>-` block: long text wrapped the way people write it in the demo."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ">-\n" + "\n".join(indent + line for line in lines)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def block(items: list[str], indent: str = "  ") -> str:
    return "\n" + "\n".join(f"{indent}- {item}" for item in items)


@dataclass
class Person:
    id: str
    name: str
    team: str
    ladder: str
    status: str = "active"


@dataclass
class Failure:
    id: str
    date: dt.date
    team: str
    tags: list[str]
    retro: str | None = None


@dataclass
class Retro:
    id: str
    date: dt.date
    team: str
    failures: list[str] = field(default_factory=list)


@dataclass
class Counts:
    people: int
    plans: int
    curriculum: int
    failures: int
    retros: int

    @classmethod
    def of(cls, size: int) -> Counts:
        """Documents per kind for `size` documents in all (ladders and the taxonomy included)."""
        rest = max(size - len(LADDERS) - 1, 10)
        people = max(4, round(rest * 0.10))
        plans = max(1, round(rest * 0.06))
        curriculum = max(1, round(rest * 0.015))
        retros = max(1, round(rest * 0.30))
        failures = max(1, rest - people - plans - curriculum - retros)
        return cls(people, plans, curriculum, failures, retros)


class Generator:
    def __init__(self, size: int, seed: int):
        self.rng = random.Random(seed)
        self.counts = Counts.of(size)
        self.files: dict[str, str] = {}
        self.days = max(365, round(self.counts.failures / FAILURES_PER_YEAR * 365))
        self.start = AS_OF - dt.timedelta(days=self.days)
        self.tags = [t for children in TAG_FAMILIES.values() for t in children]
        # Zipf weights: the first tags are the common ones.
        self.tag_weights = [1 / (rank ** 1.1) for rank in range(1, len(self.tags) + 1)]
        self.rng.shuffle(self.tags)

    # -- people and teams --------------------------------------------------------------------
    def people(self) -> None:
        n = self.counts.people
        n_teams = max(2, n // 8)
        self.teams = [f"{AREAS[i % len(AREAS)]}" + (f"-{i // len(AREAS) + 1}" if i >= len(AREAS) else "")
                      for i in range(n_teams)]
        ladders = list(LADDERS)
        weights = [8, 1, 1.5, 1, 1.5, 0.5]
        self.persons: list[Person] = []
        seen: set[str] = set()
        for i in range(n):
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            base = f"{first}-{last}"
            pid, k = base, 1
            while pid in seen:
                k += 1
                pid = f"{base}-{k}"
            seen.add(pid)
            team = self.teams[i % n_teams]
            ladder = self.rng.choices(ladders, weights)[0]
            status = "alumni" if self.rng.random() < 0.08 else "active"
            person = Person(pid, f"{first.title()} {last.title()}", team, ladder, status)
            self.persons.append(person)
            email = f"{pid.replace('-', '.')}@acme.example"
            self.files[f"people/{pid}.yaml"] = (
                f"id: {pid}\nname: {person.name}\nemails: [{email}]\nteam: {team}\n"
                f"status: {status}\n"
            )
        self.active = [p for p in self.persons if p.status == "active"]
        self.members: dict[str, list[Person]] = {t: [] for t in self.teams}
        for p in self.active:
            self.members[p.team].append(p)
        for members in self.members.values():
            if not members:  # every team keeps at least one active member
                members.append(next(p for p in self.active))

    def owner(self, team: str) -> str:
        return self.rng.choice(self.members[team]).id

    # -- ladders and the taxonomy ------------------------------------------------------------
    def ladders(self) -> None:
        self.levels: dict[str, list[str]] = {}
        owners = [p.id for p in self.active]
        for lid, (title, prefix, n_levels, comps) in LADDERS.items():
            levels = [f"{prefix}{i}" for i in range(1, n_levels + 1)]
            self.levels[lid] = levels
            out = [f"id: {lid}", f"title: {title}", f"summary: How people in {title.lower()} grow here.",
                   f"owners: {flow(self.rng.sample(owners, min(2, len(owners))))}", "levels:"]
            for i, level in enumerate(levels):
                out += [f"  - id: {level}", f"    title: {LEVEL_TITLES[i]}",
                        f"    summary: {THRESHOLD_NAMES[i]}, and shows it in everyday work."]
            out.append("competencies:")
            for comp in comps:
                name = comp.replace("-", " ")
                out += [f"  - id: {comp}", f"    title: {name.capitalize()}",
                        f"    summary: Getting better at {name}, on purpose and in the open.",
                        "    thresholds:"]
                for i, level in enumerate(levels):
                    out += [f"      {level}:", f"        name: {THRESHOLD_NAMES[i]} in {name}",
                            "        signals:"]
                    out += [f"          - {s}" for s in self.rng.sample(SIGNALS, 2)]
            self.files[f"ladders/{lid}.yaml"] = "\n".join(out) + "\n"
        self.competencies = [f"{lid}/{c}" for lid, (_, _, _, cs) in LADDERS.items() for c in cs]
        self.eng_competencies = [c for c in self.competencies if c.startswith("engineering/")]

    def taxonomy(self) -> None:
        out = ["# The failure-tag taxonomy: families, each with specific patterns.", "tags:"]
        for family, children in TAG_FAMILIES.items():
            words = family.replace("-", " ")
            out += [f"  - id: {family}", f"    title: {words.capitalize()}",
                    f"    description: Failures rooted in {words}.",
                    f"    competencies: [{self.rng.choice(self.eng_competencies)}]"]
            for child in children:
                cw = child.replace("-", " ")
                out += [f"  - id: {child}", f"    title: {cw.capitalize()}",
                        f"    description: {cw.capitalize()}, one of the ways {words} goes wrong.",
                        f"    parent: {family}", f"    aliases: [{child}-issue]"]
        self.files["failures/tags.yaml"] = "\n".join(out) + "\n"

    # -- failures and retros -----------------------------------------------------------------
    def date(self) -> dt.date:
        return self.start + dt.timedelta(days=self.rng.randrange(self.days + 1))

    def failures(self) -> None:
        self.failure_list: list[Failure] = []
        seen: set[str] = set()
        for _ in range(self.counts.failures):
            day = self.date()
            fid = f"{day.isoformat()}-{slug_words(self.rng, 3)}"
            while fid in seen:
                fid = f"{day.isoformat()}-{slug_words(self.rng, 4)}"
            seen.add(fid)
            team = self.rng.choice(self.teams)
            k = self.rng.choice((1, 1, 2, 2, 3))
            tags: list[str] = []
            while len(tags) < k:
                t = self.rng.choices(self.tags, self.tag_weights)[0]
                if t not in tags:
                    tags.append(t)
            self.failure_list.append(Failure(fid, day, team, tags))
        self.failure_list.sort(key=lambda f: f.id)

    def retros(self) -> None:
        self.retro_list: list[Retro] = []
        per_team: dict[str, list[dt.date]] = {t: [] for t in self.teams}
        for _ in range(self.counts.retros):
            per_team[self.rng.choice(self.teams)].append(self.date())
        by_team: dict[str, list[Failure]] = {}
        for f in self.failure_list:
            by_team.setdefault(f.team, []).append(f)
        seen: set[str] = set()
        for team, days in per_team.items():
            previous: Retro | None = None
            for day in sorted(set(days)):
                rid = f"{day.isoformat()}-{team}-retro"
                if rid in seen:
                    continue
                seen.add(rid)
                retro = Retro(rid, day, team)
                # the team's unlinked failures of the last 60 days
                for f in by_team.get(team, []):
                    if f.retro is None and dt.timedelta(0) <= day - f.date <= dt.timedelta(days=60) \
                            and len(retro.failures) < 3:
                        f.retro = rid
                        retro.failures.append(f.id)
                self.retro_list.append(retro)
                self.write_retro(retro, previous)
                previous = retro

    def action(self, team: str, day: dt.date, indent: str, competency: bool) -> str:
        due = day + dt.timedelta(days=self.rng.randrange(14, 75))
        # Open only when not yet due, with a few overdue ones as any real organisation has.
        status = "open" if due >= AS_OF or self.rng.random() < 0.01 else self.rng.choice(
            ("done", "done", "done", "dropped"))
        out = (f"{indent}- what: {self.rng.choice(ACTIONS)}\n{indent}  owner: {self.owner(team)}\n"
               f"{indent}  due: {due.isoformat()}\n{indent}  status: {status}")
        if competency and self.rng.random() < 0.5:
            out += f"\n{indent}  competency: {self.rng.choice(self.eng_competencies)}"
        return out

    def write_failure(self, f: Failure) -> None:
        rng = self.rng
        members = self.members[f.team]
        authors = rng.sample(members, min(len(members), rng.choice((1, 1, 2))))
        summary = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        out = [f"id: {f.id}", f"title: {rng.choice(SYSTEMS).capitalize()} failed during "
               f"{rng.choice(TRIGGERS)}", f"date: {f.date.isoformat()}",
               f"severity: {rng.choice(('low', 'medium', 'medium', 'high', 'critical'))}",
               f"team: {f.team}", f"authors: {flow([a.id for a in authors])}",
               f"summary: {folded(summary)}"]
        if rng.random() < 0.8:
            out.append(f"impact: {folded(sentence(rng) + ' ' + sentence(rng))}")
        if rng.random() < 0.6:
            out.append("timeline:")
            minute = 0
            for _ in range(rng.randint(3, 5)):
                minute += rng.randint(3, 40)
                at = dt.datetime.combine(f.date, dt.time(14)) + dt.timedelta(minutes=minute)
                out += [f"  - at: {at.isoformat()}Z", f"    event: {rng.choice(EFFECTS).capitalize()}."]
        out.append("contributing_factors:" + block(rng.sample(FACTORS, rng.randint(2, 4))))
        out.append(f"tags: {flow(f.tags)}")
        out.append("lessons:" + block(rng.sample(LESSONS, rng.randint(1, 3))))
        out.append(f"competencies: {flow(rng.sample(self.eng_competencies, rng.randint(1, 2)))}")
        out.append("actions:\n" + "\n".join(self.action(f.team, f.date, "  ", False)
                                           for _ in range(rng.randint(1, 3))))
        if f.retro:
            out.append(f"retro: {f.retro}")
        self.files[f"failures/{f.date.year}/{f.id}.yaml"] = "\n".join(out) + "\n"

    def write_retro(self, r: Retro, previous: Retro | None) -> None:
        rng = self.rng
        members = self.members[r.team]
        people = rng.sample(members, min(len(members), rng.randint(3, 6)))
        month = r.date.strftime("%B %Y")
        out = [f"id: {r.id}", f"title: {r.team.replace('-', ' ').title()} team, {month}",
               f"date: {r.date.isoformat()}", f"team: {r.team}", f"facilitator: {people[0].id}",
               f"participants: {flow(sorted(p.id for p in people))}",
               f"experience: {folded(' '.join(sentence(rng) for _ in range(rng.randint(2, 3))))}",
               "observations:" + block(rng.sample(OBSERVATIONS, rng.randint(2, 4))),
               "insights:" + block(rng.sample(INSIGHTS, rng.randint(1, 3))),
               "experiments:\n" + "\n".join(self.action(r.team, r.date, "  ", True)
                                            for _ in range(rng.randint(1, 3)))]
        if r.failures:
            out.append(f"failures: {flow(r.failures)}")
        if previous is not None:
            out.append(f"previous: {previous.id}")
        if rng.random() < 0.5:
            out.append(f"tags: [{rng.choices(self.tags, self.tag_weights)[0]}]")
        self.files[f"retros/{r.date.year}/{r.id}.yaml"] = "\n".join(out) + "\n"

    # -- curriculum and plans ----------------------------------------------------------------
    def curriculum(self) -> None:
        rng = self.rng
        self.modules: list[str] = []
        for i in range(self.counts.curriculum):
            # modules answer the common patterns first, as an organisation would
            tag = self.tags[i % 20] if i < 40 else rng.choice(self.tags)
            mid = f"{tag}-{i + 1}"
            self.modules.append(mid)
            owners = rng.sample(self.active, min(2, len(self.active)))
            created = self.start + dt.timedelta(days=rng.randrange(self.days))
            out = [f"id: {mid}", f"title: Learning from {tag.replace('-', ' ')}, module {i + 1}",
                   f"owners: {flow([o.id for o in owners])}", f"created: {created.isoformat()}",
                   f"tags: [{tag}]", f"competencies: [{rng.choice(self.eng_competencies)}]",
                   "objectives:" + block(rng.sample(LESSONS, 3)), "exercises:"]
            for j in range(rng.randint(2, 3)):
                out += [f"  - title: Drill {j + 1}",
                        f"    practice: {folded(rng.choice(ACTIONS) + ' ' + sentence(rng), '      ')}",
                        f"    feedback: {rng.choice(SIGNALS)}"]
            out += ["resources:", "  - title: Internal guide",
                    f"    url: https://wiki.acme.example/learning/{mid}"]
            self.files[f"curriculum/{mid}.yaml"] = "\n".join(out) + "\n"

    def plans(self) -> None:
        rng = self.rng
        evidence_pool = [f"failure:{f.id}" for f in self.failure_list] + \
                        [f"retro:{r.id}" for r in self.retro_list]
        for person in rng.sample(self.active, min(self.counts.plans, len(self.active))):
            levels = self.levels[person.ladder]
            comps = [c for c in self.competencies if c.split("/")[0] == person.ladder]
            out = [f"person: {person.id}",
                   f"visibility: {rng.choice(('private', 'private', 'public'))}",
                   f"updated: {(AS_OF - dt.timedelta(days=rng.randrange(200))).isoformat()}",
                   f"vision: {folded(rng.choice(LESSONS) + ' ' + rng.choice(INSIGHTS))}",
                   f"current_reality: {folded(rng.choice(OBSERVATIONS) + ' ' + rng.choice(SIGNALS))}",
                   "perma_lead:", f"  passion: [{rng.choice(SYSTEMS).capitalize()} that stays calm under load]",
                   f"  strengths: [{rng.choice(('Systematic debugging', 'Clear writing', 'Patient teaching'))}]",
                   "  value: [Fewer incidents for our customers]",
                   "  intersection: Reliability work that others can learn from.",
                   f"ladder: {person.ladder}", "growth:"]
            for comp in rng.sample(comps, min(len(comps), rng.randint(1, 3))):
                current = rng.randrange(len(levels) - 1)
                out += [f"  - competency: {comp}", f"    current: {levels[current]}",
                        f"    target: {levels[current + 1]}"]
                if current > 0:
                    out.append("    evidence:" + block(rng.sample(evidence_pool, 2), "      "))
            out.append("practice:")
            for _ in range(rng.randint(1, 4)):
                out += [f"  - date: {(AS_OF - dt.timedelta(days=rng.randrange(300))).isoformat()}",
                        f"    competency: {rng.choice(comps)}",
                        f"    activity: {rng.choice(ACTIONS)}",
                        f"    feedback: {rng.choice(SIGNALS)}",
                        f"    minutes: {rng.choice((30, 45, 60, 90))}"]
            self.files[f"plans/{person.id}.yaml"] = "\n".join(out) + "\n"

    def config(self) -> None:
        per_window = self.counts.failures / self.days * 90
        # A large organisation raises the bar, so only the common patterns overflow.
        threshold = max(3, round(per_window * 0.02))
        self.files["flaims.yaml"] = (
            "# A synthetic organisation made by benchmarks/generate.py.\n"
            "organisation: Acme Synthetic\nhandbook:\n  title: Acme Learning Handbook\n"
            "  url: https://handbook.acme.example/\n"
            f"overflow:\n  threshold: {threshold}\n  window_days: 90\n"
            f"as_of: {AS_OF.isoformat()}\n"
        )

    def run(self) -> dict[str, str]:
        self.people()
        self.ladders()
        self.taxonomy()
        self.failures()
        self.retros()
        for f in self.failure_list:
            self.write_failure(f)
        self.curriculum()
        self.plans()
        self.config()
        return self.files


def generate(dest: Path, size: int, seed: int = 2026) -> int:
    """Write a repository of about `size` documents into `dest` (which must be empty or absent).
    Returns the number of knowledge documents written (flaims.yaml not counted)."""
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest}: not empty; generate into a new folder")
    files = Generator(size, seed).run()
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to create (must be empty or absent)")
    parser.add_argument("--size", type=int, default=1000, help="documents in all (default 1000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = parser.parse_args(argv)
    if args.size < 20:
        parser.error("--size must be at least 20")
    n = generate(args.dest, args.size, args.seed)
    print(f"{args.dest}: {n} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
