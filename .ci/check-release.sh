#!/usr/bin/env bash
# Release readiness: builds what `./mvnw -Prelease` publishes (signing skipped) and checks each published artifact as
# Maven Central would, then lays out the upload bundle with its checksums in target/central-bundle (and .zip).
#
# Published = every module of the reactor that does not set maven.deploy.skip. For each one:
#   - the effective pom has name, description, url, licenses, developers and scm (the module's own pom.xml is what
#     gets deployed, so the parent poms it inherits from are published too and their metadata is what Central reads);
#   - a jar module has a non-empty jar, -sources.jar and -javadoc.jar, and its jar's manifest an Automatic-Module-Name
#     that no other jar has, under which every class of the jar lives;
#   - proxy-protocol-bom manages every published jar at the project's version, nothing else, and has no parent.
# The bundle gets .md5 and .sha1 files (Central requires them; .sha256 and .sha512 too) for every file, and takes the
# .asc signatures that `./mvnw -Prelease verify` (without -Dgpg.skip) leaves in target/.
#
# CHECK_RELEASE_SKIP_BUILD=true checks what an earlier run left in target/ (the effective pom included) without
# building. A new published module needs nothing here: only its entry in bom/pom.xml and its automatic.module.name.
set -euo pipefail
cd "$(dirname "$0")/.."

BOM=proxy-protocol-bom
EFFECTIVE=target/effective-pom.xml
BUNDLE=target/central-bundle

if [ "${CHECK_RELEASE_SKIP_BUILD:-false}" != true ]; then
  # samples and benchmarks are not published: not built here
  ./mvnw -B -ntp -Prelease package org.apache.maven.plugins:maven-help-plugin:3.5.1:effective-pom \
    -Doutput="$PWD/$EFFECTIVE" -DskipTests -Dgpg.skip -Djacoco.skip=true -Dspotless.check.skip=true \
    -pl '!samples,!samples/spring-boot,!benchmarks'
fi
[ -s "$EFFECTIVE" ] || { echo "no $EFFECTIVE: run without CHECK_RELEASE_SKIP_BUILD" >&2; exit 1; }

failures=0
fail() { echo "  FAIL $*"; failures=$((failures + 1)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one file per project of the effective pom (the help plugin writes them all into one <projects> document)
awk -v dir="$work" '
  /^  <project / { n++; file = sprintf("%s/project-%02d.xml", dir, n) }
  file { print > file }
  /^  <\/project>/ { close(file); file = "" }
' "$EFFECTIVE"

# the first value of a top-level element (four spaces deep in the effective pom) of a project
top() { sed -n "s|^    <$2>\(.*\)</$2>.*|\1|p" "$1" | head -n 1; }
# whether a top-level block (<licenses>, <scm>...) has a child element with a value
has() { awk -v block="$2" -v child="$3" '
  $0 ~ "^    <" block "[ >]" { inside = 1 }
  $0 ~ "^    </" block ">" { inside = 0 }
  inside && $0 ~ "<" child ">[^<]+</" child ">" { found = 1 }
  END { exit !found }' "$1"; }
zip_list() { if command -v unzip >/dev/null; then unzip -Z1 "$1"; else jar tf "$1"; fi; }
zip_cat() {
  if command -v unzip >/dev/null; then unzip -p "$1" "$2"
  else (cd "$work" && rm -rf x && mkdir x && cd x && jar xf "$1" "$2" && cat "$2"); fi
}

rm -rf "$BUNDLE" "$BUNDLE.zip"
published_jars=()
module_names=()
bom_file=""
version=""
printf '%-40s %-9s %s\n' artifact packaging result

for project in "$work"/project-*.xml; do
  group=$(top "$project" groupId)
  artifact=$(top "$project" artifactId)
  version=$(top "$project" version)
  packaging=$(top "$project" packaging)
  packaging=${packaging:-jar}
  target=$(sed -n 's|^      <directory>\(.*\)</directory>|\1|p' "$project" | head -n 1)
  final=$(sed -n 's|^      <finalName>\(.*\)</finalName>|\1|p' "$project" | head -n 1)
  basedir=$(dirname "$target")
  if grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$project"; then
    printf '%-40s %-9s %s\n' "$artifact" "$packaging" "not published"
    continue
  fi
  before=$failures
  checked_name=""

  for element in name description url; do
    grep -q "^    <$element>[^<]" "$project" || fail "$artifact: no <$element>"
  done
  has "$project" licenses name || fail "$artifact: no licence name"
  has "$project" licenses url || fail "$artifact: no licence url"
  has "$project" developers name || fail "$artifact: no developer"
  for element in connection developerConnection url; do
    has "$project" scm "$element" || fail "$artifact: no scm <$element>"
  done
  [ "$final" = "$artifact-$version" ] || fail "$artifact: finalName $final is not $artifact-$version"

  dest="$BUNDLE/${group//.//}/$artifact/$version"
  mkdir -p "$dest"
  cp "$basedir/pom.xml" "$dest/$artifact-$version.pom"

  case "$packaging" in
    pom)
      [ "$artifact" = "$BOM" ] && bom_file=$project
      ;;
    jar)
      published_jars+=("$artifact")
      for suffix in "" -sources -javadoc; do
        file="$target/$final$suffix.jar"
        [ -s "$file" ] || { fail "$artifact: no $(basename "$file")"; continue; }
      done
      if [ -s "$target/$final.jar" ]; then
        name=$(zip_cat "$target/$final.jar" META-INF/MANIFEST.MF | tr -d '\r' \
          | sed -n 's/^Automatic-Module-Name: *//p')
        if ! [[ "$name" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$ ]]; then
          fail "$artifact: Automatic-Module-Name '$name' is missing or not a module name"
        else
          for other in "${module_names[@]}"; do
            [ "${other%% *}" != "$name" ] || fail "$artifact: Automatic-Module-Name $name is also ${other#* }'s"
          done
          module_names+=("$name $artifact")
          checked_name=" ($name)"
          prefix="${name//.//}/"
          entries=$(zip_list "$target/$final.jar")
          outside=$(grep '\.class$' <<<"$entries" | grep -v "^$prefix" | head -n 3 || true)
          [ -z "$outside" ] || fail "$artifact: classes outside $name: $outside"
        fi
      fi
      if [ -s "$target/$final-sources.jar" ]; then
        entries=$(zip_list "$target/$final-sources.jar")
        grep -q '\.java$' <<<"$entries" || fail "$artifact: no .java in the sources jar"
      fi
      if [ -s "$target/$final-javadoc.jar" ]; then
        entries=$(zip_list "$target/$final-javadoc.jar")
        grep -qx 'index.html' <<<"$entries" || fail "$artifact: no index.html in the javadoc jar"
      fi
      ;;
    *) fail "$artifact: packaging $packaging is not checked here" ;;
  esac

  # the artifacts as they would be deployed: the jar and its attachments (sources, javadoc, tests, zips)
  for file in "$target/$final".jar "$target/$final"-*.jar "$target/$final"-*.zip "$target/$final"*.asc; do  # *.asc: .pom.asc too
    [ -f "$file" ] && cp "$file" "$dest/"
  done

  [ "$failures" = "$before" ] && printf '%-40s %-9s %s\n' "$artifact" "$packaging" \
    "ok: $(cd "$dest" && ls | sed "s/^$artifact-$version//" | tr '\n' ' ')$checked_name"
done

# the BOM: every published jar, at this version, and nothing else
if [ -z "$bom_file" ]; then
  fail "no published $BOM in the reactor"
else
  grep -q '<parent>' bom/pom.xml && fail "$BOM has a parent: its dependencyManagement would reach the applications"
  managed=$(awk '/^    <dependencyManagement>/,/^    <\/dependencyManagement>/' "$bom_file" \
    | sed -n 's|^ *<artifactId>\(.*\)</artifactId>|\1|p' | sort -u)
  for artifact in "${published_jars[@]}"; do
    grep -qx "$artifact" <<<"$managed" || fail "$BOM does not manage $artifact"
  done
  for artifact in $managed; do
    printf '%s\n' "${published_jars[@]}" | grep -qx "$artifact" || fail "$BOM manages $artifact, which is not published"
  done
  versions=$(awk '/^    <dependencyManagement>/,/^    <\/dependencyManagement>/' "$bom_file" \
    | sed -n 's|^ *<version>\(.*\)</version>|\1|p' | sort -u)
  [ "$versions" = "$version" ] || fail "$BOM manages versions $(echo $versions), not $version"
  echo "$BOM manages: $(echo $managed)"
fi

# checksums for every file of the bundle, as Central requires (.md5, .sha1; .sha256 and .sha512 as well)
signed=0
while IFS= read -r -d '' file; do
  case "$file" in *.asc) signed=$((signed + 1)) ;; esac
  md5sum "$file" | cut -d' ' -f1 >"$file.md5"
  sha1sum "$file" | cut -d' ' -f1 >"$file.sha1"
  sha256sum "$file" | cut -d' ' -f1 >"$file.sha256"
  sha512sum "$file" | cut -d' ' -f1 >"$file.sha512"
done < <(find "$BUNDLE" -type f ! -name '*.md5' ! -name '*.sha*' -print0)
(cd "$BUNDLE" && jar -cMf ../central-bundle.zip .)
echo "bundle: $BUNDLE.zip, $(find "$BUNDLE" -type f | wc -l) files, $signed signatures$([ "$signed" = 0 ] && echo ' (unsigned: -Dgpg.skip)')"

if [ "$failures" -gt 0 ]; then
  echo "release check: $failures problem(s)" >&2
  exit 1
fi
echo "release check: every published artifact has what Maven Central requires"
