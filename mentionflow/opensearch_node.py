"""A local single-node OpenSearch for ``mentionflow stack up --opensearch``, built from Maven Central.

What and which versions: ``deploy/opensearch/pom.xml`` (the one place). ``install`` copies those
artifacts with ``mvn dependency:copy-dependencies`` into ``<home>/opensearch/artifacts`` once,
checks each against ``deploy/opensearch/artifacts.sha256`` (and keeps checking them before every
install: a changed file fails loudly), unpacks the minimal distribution, lays out the two modules
it lacks from their jars, and installs the plugins with the distribution's own
``bin/opensearch-plugin``. Afterwards nothing is downloaded. ``start`` writes a config dir
(loopback only, single-node discovery, heap from the settings), runs the node (as ``nobody`` when
we are root: OpenSearch refuses root), waits for yellow/green health and declares the hybrid
search pipelines. State: ``<home>/opensearch/{node,config,data,logs}``, pid in
``<home>/stack/opensearch.json``.

k-NN's zip on Maven Central carries no native (faiss/nmslib) libraries: only the Lucene engine
works on this node. A ``knn_vector`` field with ``engine: faiss`` kills the JVM at its first
refresh (``UnsatisfiedLinkError: no opensearchknn_faiss_avx2``), seen here; our mapping uses Lucene.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentionflow.local_services import local_services
from mentionflow.settings import Settings
from streams.broker import StackError

__all__ = ["NodeVersions", "pinned_versions", "fetch_artifacts", "install", "opensearch_up", "opensearch_down",
           "opensearch_status", "OpenSearchNode", "ensure_cluster_ready", "write_checksums", "DEPLOY_DIR"]

DEPLOY_DIR = Path(__file__).resolve().parent.parent / "deploy" / "opensearch"
POM = DEPLOY_DIR / "pom.xml"
CHECKSUMS = DEPLOY_DIR / "artifacts.sha256"
_MVN_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
_NOBODY = 65534
# the modules integ-test-zip lacks, built from their jars (file-name prefixes in the cache);
# descriptors as in the full distribution of the same version
_MODULES: dict[str, dict[str, Any]] = {
    "lang-painless": {
        "jars": ("lang-painless-", "opensearch-scripting-painless-spi-", "antlr4-runtime-", "asm-"),
        "classname": "org.opensearch.painless.PainlessPlugin", "extended": "",
        "description": "An easy, safe and fast scripting language for OpenSearch",
        "policy": 'grant {\n  permission java.lang.RuntimePermission "createClassLoader";\n'
                  '  permission java.lang.RuntimePermission "getClassLoader";\n};\n',
    },
    "analysis-common": {
        "jars": ("analysis-common-",), "classname": "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "extended": "lang-painless", "description": "Adds \"built in\" analyzers to OpenSearch.", "policy": None,
    },
}
_PLUGINS = ("opensearch-knn-", "neural-search-")  # install order: neural-search extends k-NN


@dataclass(frozen=True, slots=True)
class NodeVersions:
    core: str
    plugins: str


def pinned_versions(pom: Path = POM) -> NodeVersions:
    props = ET.parse(pom).getroot().find("m:properties", _MVN_NS)
    if props is None:
        raise StackError(f"{pom} has no <properties>")

    def prop(name: str) -> str:
        el = props.find(f"m:{name}", _MVN_NS)
        if el is None or not (el.text or "").strip():
            raise StackError(f"{pom} does not pin {name}")
        return (el.text or "").strip()

    return NodeVersions(prop("opensearch.version"), prop("opensearch.plugin.version"))


# --- artifacts -------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_checksums(path: Path | None = None) -> dict[str, str]:
    path = path or CHECKSUMS
    if not path.exists():
        raise StackError(f"{path} is missing: run `mentionflow opensearch lock` after changing the pom")
    out = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            out[name] = digest
    return out


def write_checksums(cache: Path, path: Path | None = None) -> dict[str, str]:
    """Record the sha256 of every artifact in ``cache`` (after a deliberate version change)."""
    path = path or CHECKSUMS
    sums = {p.name: _sha256(p) for p in sorted(cache.iterdir()) if p.is_file()}
    v = pinned_versions()
    path.write_text(f"# sha256 of the artifacts deploy/opensearch/pom.xml pins (OpenSearch {v.core}, plugins "
                    f"{v.plugins}); checked before every install\n" + "".join(f"{d}  {n}\n" for n, d in sums.items()))
    return sums


def _mvn() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StackError("Maven (mvn) not found: the OpenSearch node is fetched from Maven Central with it "
                         "(apt-get install -y maven)")
    return mvn


def fetch_artifacts(cache: Path, verify: bool = True, log: Callable[[str], None] = print) -> dict[str, Path]:
    """The pinned artifacts in ``cache``, copied by Maven when any is missing; sha256-checked."""
    want = _read_checksums() if verify else {}
    cache.mkdir(parents=True, exist_ok=True)
    if not want or any(not (cache / n).exists() for n in want):
        t0 = time.monotonic()
        cmd = [_mvn(), "-B", "-q", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={cache}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise StackError(f"Maven could not fetch the OpenSearch artifacts (exit {proc.returncode}):\n{tail}")
        log(f"OpenSearch artifacts fetched with Maven into {cache} in {time.monotonic() - t0:.0f}s")
    files = {p.name: p for p in cache.iterdir() if p.is_file()}
    if verify:
        extra = sorted(set(files) - set(want))
        if extra:
            raise StackError(f"artifacts not in {CHECKSUMS.name} (pom changed? run `mentionflow opensearch lock`): {extra}")
        for name, digest in want.items():
            if name not in files:
                raise StackError(f"Maven did not produce {name} (pinned in {CHECKSUMS.name})")
            got = _sha256(files[name])
            if got != digest:
                raise StackError(f"checksum mismatch for {files[name]}: sha256 {got}, pinned {digest}")
    return files


def _one(files: dict[str, Path], prefix: str, suffix: str) -> Path:
    hits = [p for n, p in files.items() if n.startswith(prefix) and n.endswith(suffix)]
    if len(hits) != 1:
        raise StackError(f"expected one {prefix}*{suffix} among the artifacts, found {len(hits)}")
    return hits[0]


# --- java ------------------------------------------------------------------------------------

def java_home(settings: Settings) -> Path:
    """The JDK the node runs on: the setting, else the ``java`` on PATH. Java 11..23 (2.19)."""
    if settings.opensearch_java_home is not None:
        home = settings.opensearch_java_home
    else:
        java = shutil.which("java")
        if java is None:
            raise StackError("Java not found: OpenSearch needs Java 11..21 (apt-get install -y openjdk-17-jdk-headless, "
                             "or set MENTIONFLOW_OPENSEARCH_JAVA_HOME)")
        home = Path(java).resolve().parent.parent
    if not (home / "bin" / "java").exists():
        raise StackError(f"no bin/java under {home} (MENTIONFLOW_OPENSEARCH_JAVA_HOME)")
    out = subprocess.run([str(home / "bin" / "java"), "-version"], capture_output=True, text=True, check=False).stderr
    first = out.splitlines()[0] if out else ""
    try:
        major = int(first.split('"')[1].split(".")[0])
    except (IndexError, ValueError) as exc:
        raise StackError(f"cannot read the Java version of {home}: {first!r}") from exc
    if not 11 <= major <= 23:
        raise StackError(f"OpenSearch 2.19 runs on Java 11..23; {home} is Java {major}")
    return home


# --- install ---------------------------------------------------------------------------------

def _root(settings: Settings) -> Path:
    return (settings.home / "opensearch").resolve()


def install(settings: Settings, log: Callable[[str], None] = print) -> Path:
    """The node directory, built once per pinned set of artifacts (a marker records which)."""
    root = _root(settings)
    versions = pinned_versions()
    files = fetch_artifacts(root / "artifacts", log=log)
    stamp = hashlib.sha256(CHECKSUMS.read_bytes()).hexdigest()[:16]
    node = root / f"opensearch-{versions.core}"
    marker = node / ".mentionflow-install.json"
    if marker.exists() and json.loads(marker.read_text()).get("stamp") == stamp:
        return node
    t0 = time.monotonic()
    jhome = java_home(settings)
    tmp = Path(tempfile.mkdtemp(prefix="node.", dir=root))
    try:
        with zipfile.ZipFile(_one(files, f"opensearch-{versions.core}", ".zip")) as z:
            z.extractall(tmp)
        (dist,) = [p for p in tmp.iterdir() if p.is_dir()]
        for sub in ("bin",):
            for f in (dist / sub).iterdir():
                f.chmod(0o755)
        for name, mod in _MODULES.items():
            mdir = dist / "modules" / name
            mdir.mkdir(parents=True)
            for n, p in files.items():
                if n.endswith(".jar") and n.startswith(mod["jars"]):
                    shutil.copy2(p, mdir / n)
            (mdir / "plugin-descriptor.properties").write_text(
                f"description={mod['description']}\nversion={versions.core}\nname={name}\n"
                f"classname={mod['classname']}\njava.version=11\nopensearch.version={versions.core}\n"
                f"custom.foldername=\nextended.plugins={mod['extended']}\nhas.native.controller=false\n")
            if mod["policy"]:
                (mdir / "plugin-security.policy").write_text(mod["policy"])
        env = {**os.environ, "OPENSEARCH_JAVA_HOME": str(jhome)}
        for prefix in _PLUGINS:
            zip_path = _one(files, prefix, ".zip")
            proc = subprocess.run([str(dist / "bin" / "opensearch-plugin"), "install", "--batch", zip_path.as_uri()],
                                  capture_output=True, text=True, env=env, check=False)
            if proc.returncode != 0:
                raise StackError(f"opensearch-plugin install {zip_path.name} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        for p in [dist, *dist.rglob("*")]:  # readable by the unprivileged user the node runs as
            p.chmod(p.stat().st_mode | 0o444 | (0o111 if p.is_dir() else 0))
        (dist / ".mentionflow-install.json").write_text(json.dumps(
            {"stamp": stamp, "core": versions.core, "plugins": versions.plugins, "java_home": str(jhome),
             "install_s": round(time.monotonic() - t0, 1)}))
        shutil.rmtree(node, ignore_errors=True)
        dist.rename(node)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    size = sum(p.stat().st_size for p in node.rglob("*") if p.is_file())
    log(f"OpenSearch {versions.core} + k-NN, neural-search {versions.plugins} installed in {node} "
        f"({size / 1e6:.0f} MB) in {time.monotonic() - t0:.0f}s")
    return node


# --- run -------------------------------------------------------------------------------------

def _state_file(settings: Settings) -> Path:
    return settings.stack_root / "opensearch.json"


def _alive(pid: int, node: str) -> bool:
    """``pid`` is still our node: its command line names the node directory (setpriv, the
    launcher script and the JVM it execs all do)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return node in cmdline


def _write_config(settings: Settings, node: Path, jhome: Path) -> Path:
    root = _root(settings)
    conf, data, logs = root / "config", root / "data", root / "logs"
    shutil.rmtree(conf, ignore_errors=True)
    shutil.copytree(node / "config", conf)
    data.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    heap = settings.opensearch_heap_mb
    replaced = ("-Xms", "-Xmx", "-Xlog:gc", "-XX:HeapDumpPath", "-XX:ErrorFile", "-Xloggc")
    jvm = [line for line in (conf / "jvm.options").read_text().splitlines()
           if not re.sub(r"^\d+(-\d*)?:", "", line).startswith(replaced)]
    jvm += [f"-Xms{heap}m", f"-Xmx{heap}m", f"-XX:HeapDumpPath={data}", f"-XX:ErrorFile={logs}/hs_err_pid%p.log",
            f"9-:-Xlog:gc*:file={logs}/gc.log:utctime,pid,tags:filecount=4,filesize=16m"]
    (conf / "jvm.options").write_text("\n".join(jvm) + "\n")
    (conf / "opensearch.yml").write_text(
        "# written by mentionflow/opensearch_node.py at each start\n"
        "cluster.name: mentionflow\nnode.name: mentionflow-1\n"
        "network.host: 127.0.0.1\n"
        f"http.port: {settings.opensearch_port}\ntransport.port: {settings.opensearch_transport_port}\n"
        "discovery.type: single-node\n"
        f"path.data: {data}\npath.logs: {logs}\n"
        "cluster.routing.allocation.disk.threshold_enabled: false\n"
        "action.auto_create_index: false\n")
    if os.geteuid() == 0:
        for d in (conf, data, logs):
            for p in [d, *d.rglob("*")]:
                os.chown(p, _NOBODY, _NOBODY)
    return conf


def _health(url: str, timeout: float = 2.0) -> dict[str, Any] | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=timeout) as r:
            return dict(json.loads(r.read()))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _log_tail(settings: Settings, n: int = 25) -> str:
    f = _root(settings) / "logs" / "node.out"
    if not f.exists():
        return ""
    return "\n".join(f.read_text(errors="replace").splitlines()[-n:])


def ensure_cluster_ready(settings: Settings) -> None:
    """Check the cluster has what the hybrid retriever needs and declare the search pipelines."""
    from opensearchpy import OpenSearch
    from opensearchpy.exceptions import OpenSearchException

    from index.retrieval.fusion import FusionConfig
    from index.retrieval.opensearch_queries import pipeline_body, pipeline_name

    client = OpenSearch(hosts=[settings.opensearch_url], timeout=10)
    try:
        plugins = {row["component"] for row in client.cat.plugins(format="json")}
        missing = {"opensearch-knn", "opensearch-neural-search"} - plugins
        if missing:
            raise StackError(f"OpenSearch at {settings.opensearch_url} lacks plugins {sorted(missing)} (hybrid query, kNN)")
        fusion = FusionConfig()
        for cfg in (fusion, FusionConfig(method="rrf", rank_constant=fusion.rank_constant)):
            client.search_pipeline.put(id=pipeline_name(cfg), body=pipeline_body(cfg))
    except OpenSearchException as exc:
        raise StackError(f"OpenSearch at {settings.opensearch_url}: {exc}") from exc


def opensearch_up(settings: Settings, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Start the local node (or check ``OPENSEARCH_URL``'s cluster), wait for health, declare
    the search pipelines. Returns the recorded state (empty for an external cluster)."""
    if settings.external_opensearch:
        if _health(settings.opensearch_url, timeout=10) is None:
            raise StackError(f"OpenSearch at {settings.opensearch_url} is not reachable")
        ensure_cluster_ready(settings)
        log(f"external OpenSearch reachable at {settings.opensearch_url}; search pipelines declared; started nothing")
        return {}
    state_file = _state_file(settings)
    if state_file.exists():
        state = json.loads(state_file.read_text())
        if _alive(state["pid"], state["node"]) and _health(settings.opensearch_url):
            ensure_cluster_ready(settings)
            log(f"OpenSearch already up: pid {state['pid']} at {settings.opensearch_url}")
            return dict(state)
        opensearch_down(settings, log=lambda _: None)
    if _health(settings.opensearch_url, timeout=1) is not None:
        raise StackError(f"port {settings.opensearch_port} already answers as OpenSearch (not ours): stop it or set "
                         "MENTIONFLOW_OPENSEARCH_PORT / OPENSEARCH_URL")
    node = install(settings, log=log)
    jhome = java_home(settings)
    conf = _write_config(settings, node, jhome)
    env = {**os.environ, "OPENSEARCH_JAVA_HOME": str(jhome), "OPENSEARCH_PATH_CONF": str(conf)}
    env.pop("OPENSEARCH_JAVA_OPTS", None)  # the heap comes from the settings, nothing else
    cmd = [str(node / "bin" / "opensearch")]
    if os.geteuid() == 0:  # OpenSearch refuses to run as root
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            raise StackError("running as root and setpriv (util-linux) is missing: OpenSearch refuses root")
        cmd = [setpriv, f"--reuid={_NOBODY}", f"--regid={_NOBODY}", "--clear-groups", *cmd]
    out = _root(settings) / "logs" / "node.out"
    settings.stack_root.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with open(out, "ab") as fout:
        proc = subprocess.Popen(cmd, stdout=fout, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                cwd=str(_root(settings)), start_new_session=True)
    # setpriv and bin/opensearch exec: the pid is the JVM's
    state = {"pid": proc.pid, "url": settings.opensearch_url, "node": str(node)}
    state_file.write_text(json.dumps(state))
    try:
        deadline = t0 + settings.opensearch_start_timeout_s
        health = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise StackError(f"OpenSearch exited with code {proc.returncode} during start; last lines of {out}:\n"
                                 f"{_log_tail(settings)}")
            health = _health(settings.opensearch_url)
            if health is not None and health.get("status") in ("green", "yellow"):
                break
            time.sleep(0.5)
        else:
            raise StackError(f"OpenSearch not healthy within {settings.opensearch_start_timeout_s:.0f}s; last lines of "
                             f"{out}:\n{_log_tail(settings)}")
        ensure_cluster_ready(settings)
    except BaseException:
        opensearch_down(settings, log=lambda _: None)
        raise
    started_s = time.monotonic() - t0
    state["start_s"] = round(started_s, 1)
    state_file.write_text(json.dumps(state))
    log(f"OpenSearch up at {settings.opensearch_url} (pid {proc.pid}, heap {settings.opensearch_heap_mb} MB, "
        f"{health.get('status') if health else '?'}) in {started_s:.0f}s; logs in {out.parent}")
    return state


def opensearch_down(settings: Settings, log: Callable[[str], None] = print, grace_s: float = 30.0) -> bool:
    """Stop the node ``opensearch_up`` started (pid recorded, command line checked)."""
    state_file = _state_file(settings)
    if not state_file.exists():
        return False
    state = json.loads(state_file.read_text())
    pid, node = int(state["pid"]), str(state["node"])
    stopped = False
    if _alive(pid, node):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        while _alive(pid, node) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if _alive(pid, node):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)
        stopped = True
        log(f"stopped OpenSearch (pid {pid})")
    state_file.unlink(missing_ok=True)
    return stopped


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def opensearch_status(settings: Settings) -> dict[str, Any]:
    health = _health(settings.opensearch_url)
    out: dict[str, Any] = {"address": settings.opensearch_url, "reachable": health is not None,
                           "status": health.get("status") if health else None,
                           "mode": "external" if settings.external_opensearch else "local"}
    state_file = _state_file(settings)
    if state_file.exists():
        state = json.loads(state_file.read_text())
        out["pid"], out["running"] = state["pid"], _alive(int(state["pid"]), str(state["node"]))
    return out


@dataclass(frozen=True)
class OpenSearchNode:
    """The local node as ``stack`` drives it (``local_services``)."""

    def up(self, settings: Settings, log: Callable[[str], None]) -> dict[str, Any]:
        return opensearch_up(settings, log=log)

    def down(self, settings: Settings, log: Callable[[str], None]) -> bool:
        return opensearch_down(settings, log=log)

    def status(self, settings: Settings) -> dict[str, Any]:
        return opensearch_status(settings)

    def started(self, settings: Settings) -> bool:
        return _state_file(settings).exists()


local_services.register("opensearch")(OpenSearchNode())
