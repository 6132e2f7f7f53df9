"""Apache Kafka from Maven Central: the pinned jar set, fetched once, checksummed, offline after.

``mentionflow/data/kafka/pom.xml`` pins the versions (the one place); ``kafka-jars.sha256`` beside
it lists the sha256 of every jar that pom resolves to (committed: a fresh machine checks its
download against it). The jars land in ``<cache>/kafka-<version>/lib``; ``install`` verifies them
on every call (cheap: README) and runs Maven only when they are absent. Java 17+ and
Maven are required for this broker; their absence is an error that says so (``--broker noida``
is the explicit alternative).

Pure parts (pom parsing, lock format, verification, Java command line, server configuration)
are functions of their inputs; the shell parts (Maven, Java) return errors as ``StackError``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from streams.broker import StackError

__all__ = [
    "POM", "LOCK", "KafkaDist", "JarLock", "pom_versions", "kafka_version", "parse_lock", "format_lock",
    "lock_problems", "install", "java_major", "require_java", "random_cluster_id", "server_properties",
    "log4j2_properties", "java_command", "storage_format_command",
]

DATA = Path(__file__).parent / "data" / "kafka"
POM = DATA / "pom.xml"
LOCK = DATA / "kafka-jars.sha256"
_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
MIN_JAVA = 17  # Kafka 4.x brokers


@dataclass(frozen=True, slots=True)
class KafkaDist:
    version: str
    home: Path  # <cache>/kafka-<version>

    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def classpath(self) -> str:
        return str(self.lib.resolve()) + "/*"


@dataclass(frozen=True, slots=True)
class JarLock:
    """The resolved jar set of one pom: file name -> sha256; ``pom_sha256`` ties it to the pom text."""

    pom_sha256: str
    kafka_version: str
    jars: Mapping[str, str]


# --- pure -------------------------------------------------------------------------------------

def pom_versions(pom_text: str) -> dict[str, str]:
    """The ``<properties>`` of a pom whose name ends in ``.version``: {"kafka.version": "4.4.0", ...}."""
    root = ET.fromstring(pom_text)
    props = root.find("m:properties", _NS)
    if props is None:
        return {}
    out = {}
    for el in props:
        name = el.tag.split("}", 1)[-1]
        if name.endswith(".version") and el.text:
            out[name] = el.text.strip()
    return out


def kafka_version(pom: Path = POM) -> str:
    v = pom_versions(pom.read_text()).get("kafka.version")
    if not v:
        raise StackError(f"{pom} has no <kafka.version> property")
    return v


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_lock(text: str) -> JarLock:
    pom_sha, version, jars = "", "", {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# pom-sha256 "):
            pom_sha = line.split()[-1]
        elif line.startswith("# kafka "):
            version = line.split()[-1]
        elif line and not line.startswith("#"):
            digest, name = line.split(None, 1)
            jars[name.strip()] = digest
    return JarLock(pom_sha, version, jars)


def format_lock(lock: JarLock) -> str:
    head = ["# sha256 of the jars mentionflow/data/kafka/pom.xml resolves to (sha256sum format)",
            f"# kafka {lock.kafka_version}", f"# pom-sha256 {lock.pom_sha256}"]
    return "\n".join(head + [f"{d}  {n}" for n, d in sorted(lock.jars.items())]) + "\n"


def lock_problems(expected: Mapping[str, str], found: Mapping[str, str]) -> list[str]:
    """Differences between the locked jar set and the one on disk (empty: they match)."""
    problems = [f"missing {n}" for n in sorted(set(expected) - set(found))]
    problems += [f"unexpected {n}" for n in sorted(set(found) - set(expected))]
    problems += [f"sha256 mismatch {n}: expected {expected[n][:12]}.., found {found[n][:12]}.."
                 for n in sorted(set(expected) & set(found)) if expected[n] != found[n]]
    return problems


def java_major(version_output: str) -> int | None:
    """``java -version`` prints e.g. ``openjdk version "17.0.15" 2025-04-15`` (or ``"1.8.0_392"``)."""
    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def random_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'
    (as ``kafka-storage random-uuid`` makes them)."""
    while True:
        s = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not s.startswith("-"):
            return s


def server_properties(data_dir: Path, port: int, controller_port: int, partitions: int) -> str:
    """A single-node KRaft server (broker + controller in one process) on loopback only."""
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{controller_port}",
        "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir.resolve()),
        # topics come from the admin path only (`stack up`, with the configured partitions)
        "auto.create.topics.enable": "false",
        "num.partitions": str(partitions),
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "10",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "transaction.state.log.num.partitions": "10",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # a first member joins at once instead of after the default 3 s
        "group.initial.rebalance.delay.ms": "0",
        "num.network.threads": "2",
        "num.io.threads": "4",
        "log.flush.interval.messages": str(2**63 - 1),  # fsync left to the OS (Kafka's default)
    }
    return "\n".join(f"{k}={v}" for k, v in props.items()) + "\n"


def log4j2_properties(log_file: Path) -> str:
    """Kafka's log quiet (warnings, plus the start/stop lines) into one file."""
    return "\n".join([
        "status = warn",
        "appender.file.type = File",
        "appender.file.name = FILE",
        f"appender.file.fileName = {log_file.resolve()}",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = WARN",
        "rootLogger.appenderRef.file.ref = FILE",
        "logger.raft.name = kafka.server.KafkaRaftServer",
        "logger.raft.level = INFO",
        "logger.broker.name = kafka.server.BrokerServer",
        "logger.broker.level = INFO",
    ]) + "\n"


def java_command(dist: KafkaDist, main: str, args: list[str], log4j_file: Path, heap_mb: int) -> list[str]:
    # C1 only and the serial GC: start-up CPU and wall time about halve (figures: README, the
    # broker); a local single-node broker never needs C2's peak speed (the Python clients are the limit).
    return ["java", f"-Xms{min(heap_mb, 128)}m", f"-Xmx{heap_mb}m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={log4j_file.resolve()}", "-cp", dist.classpath, main, *args]


def storage_format_command(dist: KafkaDist, props: Path, cluster_id: str, log4j_file: Path) -> list[str]:
    return java_command(dist, "kafka.tools.StorageTool", ["format", "-t", cluster_id, "-c", str(props.resolve())],
                        log4j_file, heap_mb=256)


# --- shell ------------------------------------------------------------------------------------

def require_java() -> int:
    """The Java major version; StackError when there is no Java 17+."""
    if shutil.which("java") is None:
        raise StackError("Java not found: the Kafka broker needs Java 17+ (apt-get install -y openjdk-17-jre-headless), "
                         "or run `mentionflow stack up --broker noida`")
    out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    major = java_major(out.stderr + out.stdout)
    if major is None or major < MIN_JAVA:
        raise StackError(f"Kafka {kafka_version()} needs Java {MIN_JAVA}+; `java -version` says: "
                         f"{(out.stderr or out.stdout).strip().splitlines()[0] if (out.stderr or out.stdout) else '?'}")
    return major


def jar_sums(lib: Path) -> dict[str, str]:
    return {p.name: sha256_bytes(p.read_bytes()) for p in sorted(lib.glob("*.jar"))}


def read_lock(path: Path = LOCK) -> JarLock | None:
    return parse_lock(path.read_text()) if path.exists() else None


def _mvn(pom: Path, out_dir: Path, offline: bool) -> subprocess.CompletedProcess:
    cmd = ["mvn", "-B", "-q", "-Dstyle.color=never", *(["-o"] if offline else []), "-f", str(pom.resolve()),
           "dependency:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={out_dir.resolve()}"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)


def install(cache_root: Path, *, relock: bool = False, log: Callable[[str], None] = print,
            pom: Path = POM, lock_path: Path = LOCK) -> KafkaDist:
    """The verified jar set of the pinned Kafka, fetched with Maven if absent. Raises StackError."""
    version = kafka_version(pom)
    pom_sha = sha256_bytes(pom.read_bytes())
    dist = KafkaDist(version, cache_root.expanduser() / f"kafka-{version}")
    lock = read_lock(lock_path)
    if lock is not None and lock.pom_sha256 != pom_sha and not relock:
        raise StackError(f"{lock_path.name} was made for another {pom.name} (versions changed?): "
                         "run `mentionflow stack install --relock` and commit the new lock file")
    if dist.lib.is_dir() and not relock:
        if lock is None:
            raise StackError(f"no {lock_path} to verify {dist.lib} against: run `mentionflow stack install --relock`")
        problems = lock_problems(lock.jars, jar_sums(dist.lib))
        if problems:
            raise StackError(f"Kafka jars in {dist.lib} do not match {lock_path.name}: {'; '.join(problems[:5])}"
                             f"{' ...' if len(problems) > 5 else ''}; remove {dist.home} and run `mentionflow stack install`")
        return dist
    if shutil.which("mvn") is None:
        raise StackError(f"Maven (mvn) not found: it fetches Kafka {version} from Maven Central once "
                         "(apt-get install -y maven), or run `mentionflow stack up --broker noida`")
    require_java()
    partial = dist.home / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    res = _mvn(pom, partial, offline=True)  # everything already in ~/.m2: no network
    if res.returncode != 0:
        log(f"fetching Kafka {version} jars from Maven Central (once)")
        shutil.rmtree(partial)
        partial.mkdir()
        res = _mvn(pom, partial, offline=False)
    if res.returncode != 0:
        tail = "\n".join((res.stdout + res.stderr).strip().splitlines()[-8:])
        raise StackError(f"Maven could not resolve Kafka {version} ({pom}):\n{tail}")
    found = jar_sums(partial)
    if relock or lock is None:
        lock_path.write_text(format_lock(JarLock(pom_sha, version, found)))
        log(f"wrote {lock_path} ({len(found)} jars)")
    else:
        problems = lock_problems(lock.jars, found)
        if problems:
            raise StackError(f"Maven resolved jars that do not match {lock_path.name}: {'; '.join(problems[:5])}")
    if dist.lib.exists():
        shutil.rmtree(dist.lib)
    partial.rename(dist.lib)
    size = sum(p.stat().st_size for p in dist.lib.glob("*.jar"))
    log(f"Kafka {version}: {len(found)} jars, {size / 1e6:.0f} MB in {dist.lib} (sha256 verified)")
    return dist
