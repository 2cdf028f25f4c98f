"""Synthetic, realistic demo cases (Faker zh_CN) across every stage and service.

Nobody in here is real: names come from Faker, ID numbers are built to pass the validator for
random real division codes. The same seed gives the same data. Rows are written in bulk
(executemany on SQLite, COPY on PostgreSQL, no ORM objects) in one transaction, so a cancel
leaves the database as it was. Faker's values are drawn once per run into pools
(:class:`_Pools`) and picked from with the run's random generator: a Faker call per row cost
more than writing the row, and a million persons must take minutes, not half an hour. From
WORKER_FROM persons on, the rows are made in a worker process while this one writes the
chunk before (demo_pipeline.py): the same rows, made and written at once on two cores.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import string
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from faker import Faker
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import (
    Assistance,
    Case,
    CaseBuyer,
    CaseFlagEntry,
    Consent,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    NeedsAssessment,
    PartnerAgency,
    Person,
    PersonNamePart,
    PersonSearchToken,
    Placement,
    Referral,
    Schooling,
    StageChange,
    TracingAction,
    Training,
    Unit,
    User,
)
from rescuedesk.models.enums import (
    AgencyType,
    CaseFlag,
    PlacementType,
    Role,
    Sex,
    Stage,
    UnitKind,
)
from rescuedesk.reference import divisions
from rescuedesk.reference.pinyin import search_keys
from rescuedesk.security.field_crypto import state_of
from rescuedesk.services.casefile import new_cases
from rescuedesk.services.casefile.new_cases import NewCase
from rescuedesk.services.demo import deferred_indexes
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk
from rescuedesk.services.people.identity import make_id_number

if TYPE_CHECKING:
    from rescuedesk.services.demo import demo_pipeline

CHUNK = 2000
# From this size the rows are made in a worker process (its start, a second or two of
# imports, is then a small part of the run).
WORKER_FROM = 5 * CHUNK
Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class Cancelled(Exception):
    """The user cancelled; the transaction is rolled back."""


DEMO_UNITS = (
    ("HLJ-HRB", "哈尔滨市救助管理站", UnitKind.ASSISTANCE_STATION, "230102"),
    ("GS-LZ", "兰州市民政局", UnitKind.CIVIL_AFFAIRS_BUREAU, "620102"),
    ("LN-SY", "沈阳市儿童福利院", UnitKind.CHILD_WELFARE, "210102"),
    ("AH-LA", "六安市妇女联合会", UnitKind.WOMENS_FEDERATION, "341502"),
)
FOREIGN = (("VNM", ["vi"]), ("MMR", ["my"]), ("LAO", ["lo"]), ("KHM", ["km"]))
STAGE_WEIGHTS = (
    (Stage.REGISTRATION, 4),
    (Stage.ASSESSMENT, 5),
    (Stage.TRACING, 8),
    (Stage.PLACEMENT, 10),
    (Stage.REHABILITATION, 8),
    (Stage.REINTEGRATION, 12),
    (Stage.FOLLOW_UP, 30),
    (Stage.CLOSED, 23),
)
BUILDS = ("偏瘦", "中等", "偏胖", "瘦小", "健壮")
FEATURES = (
    "左眉有痣",
    "右手背有烫伤疤痕",
    "门牙缺损",
    "左耳垂有小孔",
    "额头有浅色胎记",
    "无明显特征",
)
ACCENTS = ("西南官话", "云南口音", "贵州口音", "四川口音", "广西口音", "河南口音", "不会说话")
CLOTHES = ("蓝色棉袄、黑色裤子", "红色毛衣、牛仔裤", "灰色运动服", "旧迷彩服", "花格子衬衫")
COURSES = ("家政服务", "中式烹调", "电子商务", "美容美发", "缝纫", "电工", "育婴员")
SCHOOLS = ("第一小学", "实验小学", "第二中学", "职业技术学校", "希望小学")
CLOSURE = (
    "已回归家庭，生活稳定，连续回访无问题",
    "已就业并独立生活，本人同意结案",
    "已落户并纳入社会保障",
    "已遣返回国，交接手续完备",
)


# Values of each kind drawn from Faker once per run: enough that a page of the case list
# rarely shows one twice, few enough to cost a fraction of a second.
POOL = 4096


@dataclass(frozen=True)
class _Pools:
    """Faker's zh_CN values, drawn once (with the run's seed) and picked per row with ``rng``:
    the same distributions as a Faker call per row (surnames keep their frequencies), at a
    list index's cost. Addresses and phone numbers are put together from their parts as
    Faker's zh_CN formats do, so they do not repeat any more than Faker's own would."""

    last: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    city: tuple[str, ...]
    street: tuple[str, ...]
    district: tuple[str, ...]
    region: tuple[str, ...]  # province + city + district: an address's beginning
    phone_prefix: tuple[str, ...]

    @classmethod
    def draw(cls, fake: Faker, size: int = POOL) -> _Pools:
        def pool(make: Callable[[], str]) -> tuple[str, ...]:
            return tuple(make() for _ in range(size))

        return cls(
            last=pool(fake.last_name),
            female=pool(fake.first_name_female),
            male=pool(fake.first_name_male),
            city=pool(fake.city),
            street=pool(fake.street_name),
            district=pool(fake.district),
            region=pool(lambda: fake.province() + fake.city() + fake.district()),
            phone_prefix=pool(lambda: str(fake.phonenumber_prefix())),
        )

    def phone(self, rng: random.Random) -> str:
        # Faker zh_CN: a mobile prefix and eight digits.
        return rng.choice(self.phone_prefix) + f"{rng.randrange(100_000_000):08d}"

    def address(self, rng: random.Random) -> str:
        # Faker zh_CN: "{province}{city}{district}{street_name}{?座} {postcode %#####}".
        letter = rng.choice(string.ascii_letters)
        postcode = f"{rng.randint(1, 9)}{rng.randrange(100_000):05d}"
        return f"{rng.choice(self.region)}{rng.choice(self.street)}{letter}座 {postcode}"


@dataclass
class DemoSummary:
    persons: int
    cases: int
    rows: int


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def ensure_demo_directory(
    session: Session, actor: Actor
) -> tuple[list[Unit], dict[int, list[User]]]:
    """Demo units, staff and partner agencies (created once, reused afterwards)."""
    units: list[Unit] = []
    staff: dict[int, list[User]] = {}
    for code, name, kind, division in DEMO_UNITS:
        unit = session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            unit = Unit(
                code=code,
                name=name,
                kind=kind,
                division_code=division,
                phone="0451-8" + code[-2:].encode().hex()[:6],
            )
            session.add(unit)
            session.flush()
            prefix = code.lower().replace("-", "")
            people = [(f"{prefix}_cw{i}", Role.CASEWORKER) for i in range(1, 5)] + [
                (f"{prefix}_sup", Role.SUPERVISOR),
                (f"{prefix}_admin", Role.ADMIN),
            ]
            if kind == UnitKind.WOMENS_FEDERATION:  # visits the cases given to it (HLJ 67)
                people += [(f"{prefix}_fw{i}", Role.FOLLOW_UP_WORKER) for i in (1, 2)]
            fake = Faker("zh_CN")
            fake.seed_instance(hash(code) % 10_000)
            for username, role in people:
                session.add(
                    User(
                        username=username,
                        full_name=fake.name(),
                        unit_id=unit.id,
                        role=role,
                        phone=fake.phone_number(),
                    )
                )
            agencies = [
                (f"{name[:3]}第一人民医院", AgencyType.HOSPITAL),
                (f"{name[:3]}法律援助中心", AgencyType.LEGAL_AID),
                (f"{name[:3]}人力资源和社会保障局", AgencyType.HUMAN_RESOURCES),
                (f"{name[:3]}残疾人联合会", AgencyType.DISABLED_FEDERATION),
                (f"{name[:3]}公安局刑侦支队", AgencyType.POLICE),
                (f"{name[:3]}教育局", AgencyType.EDUCATION_BUREAU),
            ]
            for agency_name, agency_type in agencies:
                session.add(
                    PartnerAgency(
                        name=agency_name,
                        agency_type=agency_type,
                        division_code=division,
                        phone=fake.phone_number(),
                    )
                )
            session.flush()
            audit.record(session, actor, "create", "unit", unit.id, reason="demo data")
        units.append(unit)
        staff[unit.id] = list(
            session.scalars(
                select(User)
                .where(User.unit_id == unit.id, User.role.in_([Role.CASEWORKER, Role.SUPERVISOR]))
                .order_by(User.id)
            )
        )
    return units, staff


def _tasks(session: Session, persons: int) -> Iterator[demo_pipeline.Task]:
    """The chunks of a run of ``persons``, each with the ids of its persons and cases: from
    their sequences on PostgreSQL; on SQLite after the highest id (the transaction holds the
    file's write lock since it began: no one else takes one meanwhile)."""
    from rescuedesk.services.demo import demo_pipeline

    sqlite = session.get_bind().dialect.name != "postgresql"
    after = {model: 0 for model in (Person, Case)}
    if sqlite:
        after = {model: session.scalar(select(func.max(model.id))) or 0 for model in after}
    for start in range(0, persons, CHUNK):
        n = min(CHUNK, persons - start)
        ids: dict[type, Sequence[int]] = {}
        for model in (Person, Case):
            if sqlite:
                ids[model] = range(after[model] + 1, after[model] + 1 + n)
                after[model] += n
            else:
                ids[model] = bulk.draw_ids(session, model, n)
        yield demo_pipeline.Task(start, n, ids[Person], ids[Case], clock.now())


def generate(
    session: Session,
    actor: Actor,
    persons: int,
    *,
    seed: int = 1,
    progress: Progress | None = None,
    today: dt.date | None = None,
    defer_indexes: bool | None = None,
    worker: bool | None = None,
) -> DemoSummary:
    """Write ``persons`` synthetic persons, each with one case and its records.

    ``defer_indexes``: build the indexes of the tables written once at the end
    (deferred_indexes.py); None decides by the size of the load.
    ``worker``: make the rows in a worker process while this one writes
    (demo_pipeline.py); None decides by the size of the load and the cores."""
    today = today or clock.today()
    units, staff = ensure_demo_directory(session, actor)
    if progress is not None and not progress(0, persons):
        raise Cancelled
    if defer_indexes is None:
        defer_indexes = deferred_indexes.should_defer(session, persons)
    engine = session.get_bind().dialect.name
    deferring = (
        deferred_indexes.built_after(session, written_tables()) if defer_indexes else nullcontext()
    )
    if worker is None:
        worker = persons >= WORKER_FROM and (os.cpu_count() or 1) > 1
    # Imported here: the worker process imports that module, which imports this one.
    from rescuedesk.services.demo import demo_pipeline

    sealed = engine == "postgresql"
    plan = demo_pipeline.Plan(
        seed=seed,
        today=today,
        engine=engine,
        actor=actor,
        units=tuple((u.id, u.code, u.division_code) for u in units),
        staff=tuple(tuple(w.id for w in staff[u.id]) for u in units),
        index_key=state_of(session.get_bind().dialect).index_key if sealed else None,
    )
    by_id = {u.id: u for u in units}
    done = rows = 0
    with (
        deferring,
        demo_pipeline.chunks(plan, _tasks(session, persons), worker=worker) as made,
    ):
        for chunk in made:
            for encoded in chunk.persons:
                bulk.write_encoded(session, encoded)
            new_cases.write_encoded(session, chunk.cases, by_id)
            for encoded in chunk.records:
                bulk.write_encoded(session, encoded)
            rows += chunk.rows
            done += chunk.n
            if progress is not None and not progress(done, persons):
                raise Cancelled
    # Fresh statistics: the planner picks index scans for searches only when it knows the
    # tables are big (autovacuum would get there, but minutes later).
    session.execute(text("ANALYZE"))
    audit.record(
        session,
        actor,
        "demo_data",
        "person",
        None,
        changes={"persons": persons, "seed": seed, "rows": rows},
    )
    return DemoSummary(done, done, rows)


CHILD_MODELS: tuple[type, ...] = (
    Assistance,
    CaseBuyer,
    Consent,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    NeedsAssessment,
    Placement,
    Referral,
    Schooling,
    StageChange,
    TracingAction,
    Training,
)


def written_tables() -> list[str]:
    """The tables a demo run fills (persons, their tokens or name parts, cases, flags and
    the records of :func:`_children`)."""
    models = (Person, PersonSearchToken, PersonNamePart, Case, CaseFlagEntry, *CHILD_MODELS)
    return sorted({m.__table__.name for m in models})  # type: ignore[attr-defined]


def _fake_person(
    rng: random.Random,
    pools: _Pools,
    counties: tuple[str, ...],
    today: dt.date,
    index: int,
    keys: bulk.SearchKeys = search_keys,
) -> tuple[dict[str, Any], dict[str, Any]]:
    kind = rng.random()
    is_child = kind < 0.32
    foreign = not is_child and kind > 0.94
    unknown = not foreign and rng.random() < (0.25 if is_child else 0.12)
    sex = Sex.FEMALE if (foreign or rng.random() < (0.55 if is_child else 0.8)) else Sex.MALE
    age = rng.randint(1, 17) if is_child else rng.randint(18, 52)
    rescue_back = rng.randint(0, 6 * 365)
    rescue_date = today - dt.timedelta(days=rescue_back + rng.randint(0, 10))
    birth = rescue_date - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    name = rng.choice(pools.last) + rng.choice(pools.female if sex == Sex.FEMALE else pools.male)
    row: dict[str, Any] = {
        "sex": sex,
        "nationality": "CHN",
        "languages": ["zh"],
        "identity_known": True,
        "has_disability": rng.random() < 0.07,
        "ethnicity": "01" if rng.random() < 0.88 else f"{rng.randint(2, 56):02d}",
        "version": 1,
    }
    if foreign:
        nat, langs = rng.choice(FOREIGN)
        row.update(
            real_name=rng.choice(pools.female) + rng.choice(pools.female),
            nationality=nat,
            languages=langs,
            ethnicity=None,
            birth_date=birth,
        )
    elif unknown:
        row.update(
            alias=f"无名氏{index + 1:06d}"
            if rng.random() < 0.5
            else f"{name[-1]}{name[-1]}（化名）",
            identity_known=False,
            birth_year_estimated=birth.year,
            height_cm=rng.randint(90, 175),
            build=rng.choice(BUILDS),
            distinguishing_features=rng.choice(FEATURES),
            accent_region=rng.choice(ACCENTS),
            clothing_when_found=rng.choice(CLOTHES),
            found_date=rescue_date,
            found_place=rng.choice(pools.city) + rng.choice(pools.street),
            intellectual_state=rng.choice(("正常", "轻度智力障碍", "无法判断")),
            mental_state=rng.choice(("稳定", "焦虑", "沉默寡言")),
        )
    else:
        place = rng.choice(counties)
        row.update(
            real_name=name,
            birth_date=birth,
            id_number=make_id_number(place, birth, rng.randint(0, 499), sex),
            household_registration_code=place,
            phone=pools.phone(rng),
            current_address=pools.address(rng)[:120],
        )
    if row["has_disability"]:
        row["disability_description"] = rng.choice(("听力障碍", "肢体残疾", "智力障碍", "视力障碍"))
    row.setdefault("real_name", None)
    row.setdefault("alias", None)
    return bulk.person_row(row, keys), {
        "rescue_date": rescue_date,
        "child": is_child,
        "foreign": foreign,
        "unknown": unknown,
    }


_FLAG_COLUMNS = (
    "birth_date",
    "birth_year_estimated",
    "nationality",
    "identity_known",
    "has_disability",
)


class _FlagSource:
    """What a new case's automatic flags are read from (new_cases.automatic_flags), with
    Person's own age rules, without an ORM object: a transient Person per case, its
    attributes instrumented, cost a tenth of making the case."""

    __slots__ = _FLAG_COLUMNS
    age_on = Person.age_on
    age_range_on = Person.age_range_on

    def __init__(self, row: dict[str, Any]) -> None:
        for key in _FLAG_COLUMNS:
            setattr(self, key, row.get(key))


def _fake_case(
    rng: random.Random,
    pools: _Pools,
    unit: Unit,
    workers: list[User],
    person_id: int,
    prow: dict[str, Any],
    meta: dict[str, Any],
    today: dt.date,
) -> tuple[NewCase, dict[str, Any]]:
    rescue: dt.date = meta["rescue_date"]
    intake = min(rescue + dt.timedelta(days=rng.randint(0, 3)), today)
    year = intake.year
    stage = _weighted(rng, STAGE_WEIGHTS)
    if (today - intake).days < 30 and stage in (Stage.FOLLOW_UP, Stage.CLOSED):
        stage = Stage.ASSESSMENT
    worker = rng.choice(workers)
    police = rng.random() < 0.8
    city = divisions.name(unit.division_code[:4] + "00") or "本市"
    row: dict[str, Any] = {
        "caseworker_id": worker.id,
        "intake_channel": "police_handover"
        if police
        else rng.choice(("street_outreach", "self_referral", "other_agency")),
        "referring_police_unit": f"{city}公安局{rng.choice(('刑侦支队', '城区分局', '铁路分局'))}"
        if police
        else None,
        "police_reference": f"{city[:1]}公（刑）字〔{year}〕{rng.randint(1, 999)}号"
        if police
        else None,
        "rescue_date": rescue,
        "rescue_place": rng.choice(pools.city) + rng.choice(pools.district) + "区",
        "rescue_place_code": rng.choice(divisions.county_codes()),
        "intake_date": intake,
        "stage": stage,
        "version": 1,
    }
    if stage == Stage.CLOSED:
        closed = min(intake + dt.timedelta(days=rng.randint(120, 900)), today)
        row.update(
            closure_reason=rng.choice(CLOSURE),
            closed_by_id=workers[-1].id,
            closed_at=dt.datetime.combine(closed, dt.time(10)),
            closure_requested_by_id=worker.id,
            closure_requested_at=dt.datetime.combine(closed, dt.time(9)),
        )
    person = cast(Person, _FlagSource(prow))
    case = NewCase(
        unit,
        person_id,
        person,
        row,
        opened_at=dt.datetime.combine(intake, dt.time(9)),
        opened_by_id=worker.id,
    )
    return case, {
        "flags": set(case.wanted),
        "stage": stage,
        "intake": intake,
        "worker": worker,
        "person": prow,
        "meta": meta,
        "rng_state": rng.random(),
        "today": today,
    }


def child_rows(
    case_ids: Sequence[int], extras: list[dict[str, Any]]
) -> dict[type, list[dict[str, Any]]]:
    """The demo's records of the new cases ``case_ids`` (their extras from
    :func:`_fake_case`), table by table in the order they are first made."""
    tables: dict[type, list[dict[str, Any]]] = {}
    for case_id, info in zip(case_ids, extras, strict=True):
        for model, values in _children(case_id, info):
            # Their version (1) is the column's default: bulk.encode_rows fills it in.
            tables.setdefault(model, []).append(values)
    return tables


def _children(case_id: int, info: dict[str, Any]) -> Iterator[tuple[type, dict[str, Any]]]:
    rng = random.Random(info["rng_state"])
    stage: Stage = info["stage"]
    intake: dt.date = info["intake"]
    worker: User = info["worker"]
    prow, meta = info["person"], info["meta"]
    today: dt.date = info["today"]
    by = worker.id
    reached = list(Stage).index(stage)
    day = lambda offset: min(intake + dt.timedelta(days=offset), today)  # noqa: E731
    flags: set[CaseFlag] = info["flags"]
    previous = Stage.REGISTRATION
    for i, s in enumerate(list(Stage)[1 : reached + 1], start=1):
        yield (
            StageChange,
            {
                "case_id": case_id,
                "from_stage": previous,
                "to_stage": s,
                "action": "closed" if s == Stage.CLOSED else "advance",
                "at": dt.datetime.combine(day(i * 20), dt.time(15)),
                "by_id": by,
            },
        )
        previous = s
    child_under_14 = CaseFlag.UNDER_14 in flags
    yield (
        Consent,
        {
            "case_id": case_id,
            "purpose": "care",
            "created_by_id": by,
            "given_by": "guardian" if child_under_14 else "person",
            "guardian_name": "民政局（临时监护）" if child_under_14 else None,
            "guardian_relation": "临时监护机构" if child_under_14 else None,
            "given_on": intake,
            "recipients": [],
        },
    )
    if rng.random() < 0.6:
        yield (
            Consent,
            {
                "case_id": case_id,
                "purpose": "data_sharing",
                "created_by_id": by,
                "given_by": "guardian" if child_under_14 else "person",
                "guardian_name": "民政局（临时监护）" if child_under_14 else None,
                "given_on": intake,
                "recipients": ["hospital", "school", "legal_aid"],
            },
        )
    if reached >= 1:
        yield (
            NeedsAssessment,
            {
                "case_id": case_id,
                "assessed_on": day(1),
                "assessor_id": by,
                "created_by_id": by,
                "needs": rng.sample(
                    [
                        "medical",
                        "lodging",
                        "tracing",
                        "psychological",
                        "legal",
                        "schooling",
                        "training",
                        "return_home",
                    ],
                    k=rng.randint(2, 4),
                ),
                "risk_level": rng.choice(("low", "medium", "high")),
                "summary": "一站式询问完成，情绪基本稳定。",
            },
        )
        for kind in rng.sample(
            ["food", "lodging", "medical", "communication"], k=rng.randint(1, 3)
        ):
            yield (
                Assistance,
                {
                    "case_id": case_id,
                    "kind": kind,
                    "start_date": day(0),
                    "end_date": day(rng.randint(3, 40)),
                    "created_by_id": by,
                },
            )
        if rng.random() < 0.25:
            yield (
                Assistance,
                {
                    "case_id": case_id,
                    "kind": "temporary_cash",
                    "start_date": day(2),
                    "amount": Decimal(rng.choice((500, 800, 1000, 1500))),
                    "created_by_id": by,
                },
            )
    if reached >= 2 and meta["unknown"]:
        yield (
            TracingAction,
            {
                "case_id": case_id,
                "kind": "dna_sample",
                "action_date": day(3),
                "police_unit": "公安局刑事科学技术室",
                "created_by_id": by,
                "police_reference": f"DNA采样登记〔{intake.year}〕{rng.randint(1, 999)}号",
                "outcome": "pending",
            },
        )
        yield (
            TracingAction,
            {
                "case_id": case_id,
                "kind": "announcement",
                "action_date": day(5),
                "announcement_published_on": day(5),
                "announcement_period_days": 30,
                "announcement_medium": "全国救助寻亲网",
                "created_by_id": by,
                "outcome": rng.choice(("pending", "family_found", "not_found")),
            },
        )
    if reached >= 3:
        if meta["foreign"]:
            ptype = rng.choice((PlacementType.REPATRIATION, PlacementType.RESIDENCE_FORMALITIES))
        elif meta["unknown"]:
            ptype = (
                PlacementType.CHILD_WELFARE
                if meta["child"]
                else PlacementType.HOUSEHOLD_REGISTRATION
            )
        else:
            ptype = PlacementType.FAMILY_RETURN
        carers = (
            [{"name": "父母", "relation": "parent"}] if ptype == PlacementType.FAMILY_RETURN else []
        )
        yield (
            Placement,
            {
                "case_id": case_id,
                "placement_type": ptype,
                "status": "active",
                "start_date": day(60),
                "carers": carers,
                "created_by_id": by,
                "institution_name": "市儿童福利院"
                if ptype == PlacementType.CHILD_WELFARE
                else None,
                "plan": "安置方案经集体研究通过。",
                "approval_authority": "市人民政府"
                if ptype == PlacementType.HOUSEHOLD_REGISTRATION
                else None,
            },
        )
        if meta["child"]:
            yield (
                MedicalCare,
                {
                    "case_id": case_id,
                    "kind": "admission_exam",
                    "start_date": day(1),
                    "infectious_disease_checked": True,
                    "created_by_id": by,
                },
            )
        if prow.get("id_number") is None and rng.random() < 0.3:
            yield (
                CaseBuyer,
                {"case_id": case_id, "name": "收买人（据公安通报）", "created_by_id": by},
            )
    if reached >= 4:
        yield (
            MedicalCare,
            {
                "case_id": case_id,
                "kind": "psychological_counselling",
                "start_date": day(10),
                "sessions": rng.randint(2, 12),
                "hospital": "市精神卫生中心",
                "created_by_id": by,
            },
        )
        if prow.get("has_disability"):
            yield (
                DisabilityAssessment,
                {
                    "case_id": case_id,
                    "assessed_on": day(40),
                    "category": rng.choice(("hearing", "physical", "intellectual", "visual")),
                    "grade": rng.randint(1, 4),
                    "created_by_id": by,
                    "assessed_by": "残疾人联合会",
                },
            )
    if reached >= 5:
        if meta["child"]:
            yield (
                Schooling,
                {
                    "case_id": case_id,
                    "kind": rng.choice(("enrol", "return")),
                    "school_name": rng.choice(SCHOOLS),
                    "start_date": day(90),
                    "status": "ongoing",
                    "created_by_id": by,
                },
            )
        else:
            yield (
                Training,
                {
                    "case_id": case_id,
                    "provider": "市职业技能培训中心",
                    "course": rng.choice(COURSES),
                    "start_date": day(90),
                    "status": "completed",
                    "subsidy_amount": Decimal(1200),
                    "created_by_id": by,
                },
            )
            if rng.random() < 0.5:
                yield (
                    Employment,
                    {
                        "case_id": case_id,
                        "kind": "employment_assistance",
                        "employer": "某家政服务公司",
                        "start_date": day(150),
                        "status": "ongoing",
                        "created_by_id": by,
                    },
                )
        if rng.random() < 0.3:
            yield (
                LegalAid,
                {
                    "case_id": case_id,
                    "kind": "legal_aid",
                    "green_channel": True,
                    "applied_on": day(20),
                    "accepted_on": day(22),
                    "status": "ongoing",
                    "provider": "法律援助中心",
                    "created_by_id": by,
                },
            )
        yield (
            Referral,
            {
                "case_id": case_id,
                "recipient_type": "legal_aid",
                "recipient_name": "法律援助中心",
                "service_requested": "法律援助",
                "referred_on": day(20),
                "reply_due_on": day(20) + dt.timedelta(days=30),
                "reply_on": day(27),
                "status": "accepted",
                "created_by_id": by,
            },
        )
    if reached >= 6:
        visit_day = 180
        for _ in range(rng.randint(1, 4)):
            done = day(visit_day)
            nxt = done + dt.timedelta(days=90)
            if done >= today:
                break
            yield (
                FollowUpVisit,
                {
                    "case_id": case_id,
                    "planned_date": done,
                    "done_date": done,
                    "visitor_id": by,
                    "mode": rng.choice(("home", "phone")),
                    "living": "good",
                    "health": rng.choice(("good", "fair")),
                    "safety": "good",
                    "family": rng.choice(("good", "fair", "poor")),
                    "school_work": "fair",
                    "social_acceptance": "good",
                    "next_planned_date": nxt,
                    "created_by_id": by,
                },
            )
            visit_day += 90
        if stage != Stage.CLOSED:
            planned = day(visit_day)
            if planned < today - dt.timedelta(days=30):
                # An office keeps its plans current: a few visits a little late, most ahead,
                # not hundreds overdue by years on the home page.
                planned = today + dt.timedelta(days=rng.randint(-21, 75))
            yield (
                FollowUpVisit,
                {
                    "case_id": case_id,
                    "planned_date": planned,
                    "visitor_id": by,
                    "created_by_id": by,
                },
            )


# The demo accounts a newcomer logs in with to try the program: the first unit's caseworkers
# and supervisor, the women's federation's follow-up workers (a case travels there to be
# visited) and the supervisor of the bureau a case is transferred to.
DEMO_LOGIN_UNIT = DEMO_UNITS[0][0]
DEMO_LOGINS: tuple[tuple[str, tuple[Role, ...]], ...] = (
    (DEMO_LOGIN_UNIT, (Role.CASEWORKER, Role.SUPERVISOR)),
    ("AH-LA", (Role.FOLLOW_UP_WORKER,)),
    ("GS-LZ", (Role.SUPERVISOR,)),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    unit: str = ""


def enable_demo_accounts(session: Session, actor: Actor, password: str) -> list[DemoAccount]:
    """Give the demo accounts of DEMO_LOGINS a password.

    An administrator's action (audited as a password reset); the caller adds their key slots.
    """
    from rescuedesk.services.office import accounts

    found: list[DemoAccount] = []
    for code, roles in DEMO_LOGINS:
        unit = session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            continue
        for user in session.scalars(
            select(User)
            .where(User.unit_id == unit.id, User.role.in_(roles))
            .order_by(User.role, User.username)
        ):
            accounts.reset_password(session, actor, user.id, password)
            found.append(DemoAccount(user.username, user.full_name, user.role, unit.name))
    return found
