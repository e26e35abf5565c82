# Sourced by the benchmarks. fresh_jar <checkout>: prints the checkout's gateway jar, built first when it is missing
# or older than its sources (mvn compile alone does not update it): a benchmark never measures code other than the
# checkout's.
fresh_jar() {
  local tree=$1
  local jar=$tree/target/hsm-gateway.jar
  if [[ ! -f $jar || -n $(find "$tree/pom.xml" "$tree/src/main" -newer "$jar" -print -quit) ]]; then
    echo "building $jar (missing, or older than the sources)" >&2
    (cd "$tree" && mvn -B -q -DskipTests package) >&2
  fi
  echo "$jar"
}
