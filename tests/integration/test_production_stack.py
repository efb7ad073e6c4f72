"""The production stack of docker-compose.yml, run natively (no Docker on these machines).

The test reads docker-compose.yml and the Dockerfile and runs what they say, the way the
containers would: the image's build step (collectstatic), the README's key creation, the
one-shot `migrate`, then `web` (the image's CMD: gunicorn), `worker` and `beat`, each with
the image's ENV, an operator's .env and the service's `environment`. Only what points
outside the containers is rewritten: the `db` and `redis` hosts become the local
PostgreSQL (a database of the test's own, created and dropped here) and Redis, the port
8000 a free one, and /srv/var and /srv/keys temporary folders. Then the web service's own
healthcheck must pass, and a reviewer approves a request over HTTP (through the real
sign-in form, with the second factor production asks for) and the worker's PDF is
downloaded over HTTP, as a proxy in front of the registry would send it (HTTPS, the
public host name)."""

import contextlib
import hashlib
import html.parser
import http.client
import http.cookies
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_HOST = "registro.example.mx"
# What an operator's .env holds (README, "Production with Docker").
DOTENV = {
    "POSTGRES_PASSWORD": "una-clave-de-base-de-datos",
    "SECRET_KEY": "x" * 10 + uuid.uuid4().hex + uuid.uuid4().hex,
    "ALLOWED_HOSTS": PUBLIC_HOST,
    "CSRF_TRUSTED_ORIGINS": f"https://{PUBLIC_HOST}",
    "SITE_URL": f"https://{PUBLIC_HOST}",
    "REGISTRY_ISSUER_URL": f"https://{PUBLIC_HOST}",
}
COMPOSE_STOP_GRACE = 10  # seconds `docker compose stop` waits before SIGKILL

pytestmark = [pytest.mark.integration, pytest.mark.alone]


# Reading docker-compose.yml and the Dockerfile ---------------------------------------------

def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def interpolate(value, variables: dict):
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} over strings, lists and maps."""
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match):
        name, operator, argument = match.groups()
        if variables.get(name):
            return variables[name]
        if operator and operator.endswith("?"):
            raise AssertionError(f"compose would stop: {argument}")
        return argument or ""

    return _VARIABLE.sub(replace, value)


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) in order, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [tuple(line.strip().split(None, 1)) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def image_env() -> dict:
    env = {}
    for instruction, arguments in dockerfile():
        if instruction == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(arguments))
    return env


def image_cmd() -> list[str]:
    return next(json.loads(arguments) for instruction, arguments in dockerfile()
                if instruction == "CMD")


def build_step(word: str) -> tuple[dict, list[str]]:
    """The environment assignments and the command of the RUN step that runs `word`."""
    for instruction, arguments in dockerfile():
        if instruction != "RUN":
            continue
        for step in arguments.split("&&"):
            if word in step:
                words = shlex.split(step)
                assignments = {}
                while "=" in words[0]:
                    name, value = words.pop(0).split("=", 1)
                    assignments[name] = value
                return assignments, words
    raise AssertionError(f"no RUN step of the Dockerfile runs {word}")


# Running it here ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Native:
    """What the containers' network and volumes become on this machine."""

    def __init__(self, tmp: Path, database_url: str, redis_url: str):
        self.var, self.keys = tmp / "srv-var", tmp / "keys"
        self.var.mkdir()
        self.keys.mkdir()
        self.port = free_port()
        local_db = urlsplit(database_url)
        self.db_name = f"{local_db.path.lstrip('/')}_stack"
        self.database = urlunsplit(local_db._replace(path="/" + self.db_name))
        self.maintenance_database = urlunsplit(local_db._replace(path="/postgres"))
        self.redis = urlsplit(redis_url)
        self.queue = f"stack-{uuid.uuid4().hex[:8]}"
        self.logs = tmp

    def url(self, value: str) -> str:
        parts = urlsplit(value)
        if parts.hostname == "db":
            return self.database
        if parts.hostname == "redis":
            return urlunsplit(parts._replace(netloc=self.redis.netloc, path=self.redis.path))
        return value

    def path(self, value: str) -> str:
        for inside, here in (("/srv/var", self.var), ("/srv/keys", self.keys)):
            if value == inside or value.startswith(inside + "/"):
                return str(here) + value[len(inside):]
        return value

    def argument(self, value: str) -> str:
        for address in ("0.0.0.0:8000", "127.0.0.1:8000"):  # noqa: S104 (the image's bind)
            value = value.replace(address, f"127.0.0.1:{self.port}")
        return self.path(value)

    def env(self, service: dict | None = None, *, build: dict | None = None) -> dict:
        """The image's ENV, then .env (env_file), then the service's environment."""
        layers = [image_env(), build or {}]
        if service is not None:
            layers += [DOTENV, interpolate(service.get("environment", {}), DOTENV)]
        env = {"PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin')}",
               "HOME": os.environ.get("HOME", str(self.var)), "LANG": "C.UTF-8",
               # A queue of this run's own: the broker may hold other tests' messages.
               "CELERY_TASK_DEFAULT_QUEUE": self.queue}
        for layer in layers:
            env.update({name: self.path(self.url(str(value))) for name, value in layer.items()})
        return env

    def run(self, argv, env, *, timeout=120) -> subprocess.CompletedProcess:
        return subprocess.run([self.argument(a) for a in argv], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)


class Stack:
    def __init__(self, native: Native):
        self.native = native
        self.services = compose()["services"]
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopped: dict[str, tuple[int, float]] = {}
        self.timings: dict[str, float] = {}

    def env(self, name: str) -> dict:
        return self.native.env(self.services[name])

    def command(self, name: str) -> list[str]:
        return self.services[name].get("command") or image_cmd()

    def run(self, name: str, argv=None, **options) -> subprocess.CompletedProcess:
        return self.native.run(argv or self.command(name), self.env(name), **options)

    def start(self, name: str) -> None:
        log = open(self.native.logs / f"{name}.log", "wb")  # noqa: SIM115 (the process's)
        self.processes[name] = subprocess.Popen(
            [self.native.argument(a) for a in self.command(name)], cwd=ROOT,
            env=self.env(name), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def log(self, name: str) -> str:
        return (self.native.logs / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        """What `docker compose stop` does: SIGTERM, then SIGKILL after the grace time."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            started = time.monotonic()
            try:
                code = process.wait(timeout=COMPOSE_STOP_GRACE)
            except subprocess.TimeoutExpired:
                code = None
            finally:
                with contextlib.suppress(ProcessLookupError):  # children left behind, if any
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            self.stopped[name] = (code, time.monotonic() - started)
        self.processes = {}


def healthy(stack: Stack, *, within: float) -> subprocess.CompletedProcess:
    """Run the web service's healthcheck command until it passes (or time is up)."""
    check = stack.services["web"]["healthcheck"]
    kind, *argv = check["test"]
    if kind == "CMD-SHELL":
        argv = ["sh", "-c", argv[0]]
    deadline = time.monotonic() + within
    while True:
        result = stack.run("web", argv, timeout=30)
        if result.returncode == 0 or time.monotonic() > deadline:
            return result
        if stack.processes["web"].poll() is not None:
            return result
        time.sleep(0.5)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    database_url, broker_url = os.environ.get("DATABASE_URL", ""), os.environ.get(
        "CELERY_BROKER_URL", "")
    if not broker_url:
        pytest.skip("CELERY_BROKER_URL is not set: no Redis to run the stack against")
    if not database_url.startswith("postgres"):
        pytest.skip("DATABASE_URL is not PostgreSQL: the stack runs on PostgreSQL")
    import psycopg2
    import redis

    native = Native(tmp_path_factory.mktemp("stack"), database_url, broker_url)
    admin = psycopg2.connect(native.maintenance_database)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{native.db_name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{native.db_name}"')
    stack = Stack(native)
    try:
        yield stack
    finally:
        stack.stop()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{native.db_name}" WITH (FORCE)')
        admin.close()
        broker = redis.Redis.from_url(broker_url)
        for key in broker.scan_iter(f"*{native.queue}*"):
            broker.delete(key)


@pytest.fixture(scope="module")
def running(stack):
    """The stack as `docker compose up` leaves it: built, migrated, serving."""
    started = time.monotonic()
    # The image's build step runs beside the rest: nothing below needs its output (the
    # static files) before the pages are asked for.
    assignments, argv = build_step("collectstatic")
    build = subprocess.Popen([stack.native.argument(a) for a in argv], cwd=ROOT,
                             env=stack.native.env(build=assignments), text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        keys = stack.run("web", ["python", "manage.py", "create_signing_keys"])
        assert keys.returncode == 0, keys.stderr[-2000:]
        migrated = stack.run("migrate")
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        stack.timings["keys and migrate"] = time.monotonic() - started
        for name in ("web", "worker", "beat"):
            stack.start(name)
        stack.healthcheck = healthy(stack, within=60)
        stack.timings["up to healthy"] = time.monotonic() - started
        _output, errors = build.communicate(timeout=240)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert build.returncode == 0, f"the image's build step fails:\n{errors[-2000:]}"
    return stack


# Speaking HTTP as the proxy in front of the registry does ---------------------------------------

class Forms(html.parser.HTMLParser):
    """The forms of a page: [{"action": …, "fields": {name: value}, "inputs": [(name, type)]}]."""

    def __init__(self, page: str):
        super().__init__()
        self.forms = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {},
                               "inputs": []})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")
            self.forms[-1]["inputs"].append((attrs["name"], attrs.get("type", "text")))


class Browser:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, form=None, https=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": PUBLIC_HOST}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Origin": f"https://{PUBLIC_HOST}",
                            "Referer": f"https://{PUBLIC_HOST}{path}"})
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, content

    def get(self, path, **options):
        """GET, following redirects within the registry; (status, final path, body)."""
        for _hop in range(10):
            status, headers, content = self.request("GET", path, **options)
            if status not in (301, 302, 303) or not urlsplit(
                    headers["Location"]).path.startswith("/"):
                return status, path, content
            location = urlsplit(headers["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
        raise AssertionError("too many redirects")

    def submit(self, path, form, values):
        fields = {**form["fields"], **values}
        return self.request("POST", form["action"] or path, form=fields)


def sign_in(browser: Browser, data: dict) -> str:
    """Sign in through the login form, then the second step if the registry asks for one
    (production asks reviewers); return the path of the page reached."""
    _status, path, page = browser.get("/cuenta/entrar/")
    login = next(f for f in Forms(page.decode()).forms if "password" in f["fields"])
    status, headers, _content = browser.submit(path, login, {
        "username": data["username"], "password": data["password"]})
    assert status == 302, f"signing in was refused ({status})"
    _status, path, page = browser.get(headers["Location"])
    step = [f for f in Forms(page.decode()).forms
            if any(kind in ("text", "number", "tel") for _n, kind in f["inputs"])
            and "password" not in f["fields"] and "/i18n/" not in f["action"]]
    if step and data["totp_key"]:
        from django_otp.oath import totp

        code_field = next(name for name, kind in step[0]["inputs"]
                          if kind in ("text", "number", "tel"))
        code = f"{totp(bytes.fromhex(data['totp_key'])):06d}"
        status, headers, _content = browser.submit(path, step[0], {code_field: code})
        assert status == 302, f"the second factor was refused ({status})"
        _status, path, _page = browser.get(headers["Location"])
    return path


def certificate_row(stack: Stack, request_id: int) -> tuple[str, str] | None:
    import psycopg2

    with psycopg2.connect(stack.native.database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT folio, pdf_sha256 FROM issuance_certificate "
                       "WHERE request_id = %s", [request_id])
        row = cursor.fetchone()
    connection.close()
    return row


# The tests ------------------------------------------------------------------------------------

def test_the_image_leaves_secrets_and_local_data_out():
    """`COPY . .` would otherwise bake .env, the keys and var/ (the development database,
    media and backups) into the image."""
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", "keys", "var", ".venv"} <= ignored


def test_the_image_build_step_and_migrate_run_in_the_production_environment(running):
    assert (running.native.var / "staticfiles" / "staticfiles.json").exists()


def test_the_web_services_own_healthcheck_passes(running):
    check = running.healthcheck
    assert check.returncode == 0, (
        f"the healthcheck failed:\n{check.stderr[-1500:]}\nweb log:\n{running.log('web')}")


def test_plain_http_pages_are_redirected_to_https(running):
    status, headers, _content = Browser(running.native.port).request("GET", "/", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{PUBLIC_HOST}/"


def test_a_reviewer_approves_over_http_and_the_workers_pdf_is_downloaded(running):
    made = running.run("web", ["python", "manage.py", "shell", "-c",
                               "from tests.integration.stack_data import main; main()"])
    assert made.returncode == 0, made.stderr[-2000:]
    data = json.loads(made.stdout.split("STACK-DATA ", 1)[1])
    browser = Browser(running.native.port)
    reached = sign_in(browser, data)
    assert not reached.startswith("/cuenta/"), f"the reviewer is held at {reached}"

    detail = f"/solicitudes/{data['request']}/"
    status, path, page = browser.get(detail)
    assert (status, path) == (200, detail)
    approve = next(f for f in Forms(page.decode()).forms if f["action"].endswith("/aprobar/"))
    approved_at = time.monotonic()
    # The page's dialog adds `confirmed` when the reviewer agrees (static/js/confirm.js).
    status, headers, _content = browser.submit(detail, approve, {"confirmed": "yes"})
    assert (status, headers["Location"]) == (302, "/solicitudes/")

    row = certificate_row(running, data["request"])
    assert row is not None, "approving over HTTP issued no certificate"
    deadline = time.monotonic() + 60
    while not row[1] and time.monotonic() < deadline:
        time.sleep(0.5)
        row = certificate_row(running, data["request"])
    folio, pdf_sha256 = row
    assert pdf_sha256, f"the worker rendered no PDF in 60 s:\n{running.log('worker')}"
    running.timings["approval to PDF"] = time.monotonic() - approved_at

    status, _headers, pdf = Browser(running.native.port).request(
        "GET", f"/verificar/{folio}/pdf/")
    assert status == 200
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == pdf_sha256
    saved = running.native.logs / "downloaded.pdf"
    saved.write_bytes(pdf)
    checked = running.run("web", ["python", "manage.py", "shell", "-c",
                                  "import dataclasses, json; from certification.trust import "
                                  "pdfsign; print(json.dumps(dataclasses.asdict(pdfsign."
                                  f"check_pdf(open({str(saved)!r}, 'rb').read()))))"])
    assert json.loads(checked.stdout.strip().splitlines()[-1])["intact"] is True, checked.stdout
    assert json.loads(checked.stdout.strip().splitlines()[-1])["by_registry"] is True


def test_beat_keeps_running_beside_the_worker(running):
    assert running.processes["beat"].poll() is None, running.log("beat")
    assert running.processes["worker"].poll() is None, running.log("worker")


def test_every_service_stops_cleanly_within_composes_grace_time(running):
    running.stop()
    sys.stderr.write(f"\nproduction stack timings: {running.timings}; stopped: "
                     f"{running.stopped}\n")
    slow_or_failed = {name: outcome for name, outcome in running.stopped.items()
                      if outcome[0] != 0}
    assert slow_or_failed == {}
