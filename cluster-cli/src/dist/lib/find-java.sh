# Finds a Java 21 or newer. Sourced by the launchers in bin/ and by the build scripts of the source
# tree. `find_java` prints the home of the first match, looking at $JAVA_HOME, the `java` on PATH,
# then the JDKs under /usr/lib/jvm, /opt/java and /opt/jdk* (newest first). With `--jdk` it only
# accepts homes that also have javac.

java_feature_version() { # prints the feature version (17, 21, 25, ...) of the java binary $1
  # The JDK's release file says it without starting a JVM (which costs a short command ~0.1 s),
  # read with shell built-ins only: the launchers run this at every start.
  local java=$1 home line v=
  if [ -L "$java" ]; then java=$(readlink -f "$java"); fi
  home=${java%/*}
  home=${home%/*}
  if [ -r "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;;
      esac
    done <"$home/release"
    if [ -n "$v" ] && [ "$v" != 1 ]; then
      echo "$v"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

java_home_ok() { # java_home_ok HOME NEED_JAVAC
  [ -x "$1/bin/java" ] || return 1
  if [ "$2" = yes ] && [ ! -x "$1/bin/javac" ]; then return 1; fi
  local v
  v=$(java_feature_version "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 21 ]
}

find_java() {
  local need_javac=no home candidate
  [ "${1:-}" = --jdk ] && need_javac=yes
  if [ -n "${JAVA_HOME:-}" ] && java_home_ok "$JAVA_HOME" "$need_javac"; then
    echo "$JAVA_HOME"
    return 0
  fi
  if candidate=$(command -v java 2>/dev/null); then
    candidate=$(readlink -f "$candidate")
    home=${candidate%/*}
    home=${home%/*}
    if java_home_ok "$home" "$need_javac"; then echo "$home"; return 0; fi
  fi
  for home in $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* 2>/dev/null | sort -rV); do
    if java_home_ok "$home" "$need_javac"; then echo "$home"; return 0; fi
  done
  return 1
}
