# Sourced by the project's scripts: points JAVA_HOME at a JDK 21 or newer, or stops with a message.
. "$(dirname "${BASH_SOURCE[0]}")/../cluster-cli/src/dist/lib/find-java.sh"
if ! JAVA_HOME=$(find_java --jdk); then
  echo "error: no JDK 21 or newer found (looked at JAVA_HOME, the java on PATH and /usr/lib/jvm)." >&2
  echo "       Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guice calls sun.misc.Unsafe, which JDK 24+ warns about at every start.
if [ "$(java_feature_version "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
