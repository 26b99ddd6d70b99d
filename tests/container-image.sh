#!/usr/bin/env bash
# Builds the release's container image as far as this machine allows and checks what the release
# pushes: the Native AOT linux-amd64 publish (deploy/container/stage.sh, the release's own
# command; every command of it run by tests/aot-binary.sh) as a layer under /app, the Dockerfile's
# user, entrypoint, environment and OCI labels, assembled with umoci, pushed with skopeo into a
# loopback docker-registry and read back with `skopeo inspect --config`.
#
# What differs from the release: the base layer. The Dockerfile's base
# (mcr.microsoft.com/dotnet/runtime-deps:*-chiseled-extra) cannot be pulled here, so a stand-in
# layer carries what the tool needs of it: /etc/passwd and /etc/group with the app user (1654),
# /tmp, and the shared libraries the binary links (glibc, libstdc++, libgcc, zlib) from this
# machine; where root and mount namespaces are allowed, the unpacked image is started with chroot
# as user 1654.
#
#   tests/container-image.sh [VERSION]    needs dotnet, umoci, skopeo, docker-registry, jq
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

fail() { echo "container-image: $*" >&2; exit 1; }
for tool in umoci skopeo docker-registry jq; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install -y umoci skopeo docker-registry jq)"
done

version=${1:-$(dotnet msbuild src/GitStreamSync.Cli -getProperty:Version)}
revision=$(git rev-parse HEAD)
source_url=https://github.com/gitstreamsync/gitstreamsync
created=$(git log -1 --format=%cI HEAD)
dockerfile=deploy/container/Dockerfile

work=$(mktemp -d)
registry_pid=""
cleanup() {
  [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The image settings below must be the Dockerfile's: a change there without one here fails.
grep -qx 'USER 1654' "$dockerfile" || fail "$dockerfile: USER is not 1654"
grep -qx 'ENTRYPOINT \["gitstreamsync"\]' "$dockerfile" || fail "$dockerfile: ENTRYPOINT is not [\"gitstreamsync\"]"
grep -q '^COPY --chmod=0755 linux-${TARGETARCH}/ /app/$' "$dockerfile" || fail "$dockerfile: the publish output is not copied to /app/"
grep -q '^ENV PATH=/app:/usr/local/bin:/usr/bin:/bin' "$dockerfile" || fail "$dockerfile: PATH does not start with /app"
labels=(
  "org.opencontainers.image.title=GitStreamSync"
  "org.opencontainers.image.description=Keeps OpenShift ImageStream files in Git resolved to image digests, through pull requests."
  "org.opencontainers.image.licenses=MIT"
  "org.opencontainers.image.source=$source_url"
  "org.opencontainers.image.url=$source_url"
  "org.opencontainers.image.revision=$revision"
  "org.opencontainers.image.version=$version"
  "org.opencontainers.image.created=$created"
)
for label in "${labels[@]}"; do
  grep -q "${label%%=*}=" "$dockerfile" || fail "$dockerfile has no label ${label%%=*}"
done
[ "$(grep -c 'org.opencontainers.image' "$dockerfile")" = "${#labels[@]}" ] || fail "$dockerfile has labels this script does not check"

echo "container-image: publishing linux-amd64 $version"
deploy/container/stage.sh "$work/context" "$version" amd64
app="$work/context/linux-amd64"
[ -x "$app/gitstreamsync" ] || fail "the publish output has no gitstreamsync executable"
# The native binary is the one the image ships: every command of it, against the JIT build.
tests/aot-binary.sh "$app/gitstreamsync"

# The stand-in for the base image's layer.
base="$work/base"
mkdir -p "$base/etc" "$base/tmp" "$base/home/app"
chmod 1777 "$base/tmp"
printf 'root:x:0:0:root:/root:/noshell\napp:x:1654:1654::/home/app:/noshell\n' >"$base/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' >"$base/etc/group"
for library in $(ldd "$app/gitstreamsync" "$app"/*.so | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | sort -u); do
  mkdir -p "$base$(dirname "$library")"
  cp -L "$library" "$base$library"
done

layout="$work/oci"
umoci init --layout "$layout"
umoci new --image "$layout:$version"
umoci insert --rootless --image "$layout:$version" --history.created_by "stand-in for the runtime-deps base" "$base" /
chmod -R 0755 "$app"
umoci insert --rootless --image "$layout:$version" --history.created_by "COPY --chmod=0755 linux-amd64/ /app/" "$app" /app
config=(--image "$layout:$version" --os linux --architecture amd64 --config.user 1654
  --config.entrypoint gitstreamsync --config.env PATH=/app:/usr/local/bin:/usr/bin:/bin
  --config.env DOTNET_CLI_TELEMETRY_OPTOUT=1 --created "$created")
for label in "${labels[@]}"; do config+=(--config.label "$label"); done
umoci config "${config[@]}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/registry"
cat >"$work/registry.yml" <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: "$work/registry"}
  redirect: {disable: true}
http: {addr: "127.0.0.1:$port", secret: gitstreamsync-loopback-only-secret}
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || fail "the loopback registry did not start: $(cat "$work/registry.log")"

image="127.0.0.1:$port/gitstreamsync/gitstreamsync:$version"
skopeo copy --quiet --dest-tls-verify=false "oci:$layout:$version" "docker://$image"
skopeo inspect --tls-verify=false --config "docker://$image" >"$work/config.json"
skopeo inspect --tls-verify=false --raw "docker://$image" >"$work/manifest.json"

check() { # check JQ_EXPRESSION EXPECTED WHAT
  actual=$(jq -c "$1" "$work/config.json")
  [ "$actual" = "$2" ] || fail "$3 is $actual, expected $2"
}
check '.os + "/" + .architecture' '"linux/amd64"' "the platform"
check '.config.User' '"1654"' "the user"
check '.config.Entrypoint' '["gitstreamsync"]' "the entrypoint"
check '.config.Cmd' 'null' "the command"
check '[.config.Env[] | select(startswith("PATH="))]' '["PATH=/app:/usr/local/bin:/usr/bin:/bin"]' "PATH"
for label in "${labels[@]}"; do
  check ".config.Labels[\"${label%%=*}\"]" "$(jq -cn --arg v "${label#*=}" '$v')" "label ${label%%=*}"
done

echo "container-image: $image"
jq -r '"  config: user \(.config.User), entrypoint \(.config.Entrypoint | join(" ")), \(.config.Labels | length) labels"' "$work/config.json"
jq -r '.config.Labels | to_entries[] | "    \(.key)=\(.value)"' "$work/config.json"
jq -r '.layers | to_entries[] | "  layer \(.key + 1): \(.value.size) bytes compressed (\(.value.digest[0:19]))"' "$work/manifest.json"
echo "  (layer 1 is the stand-in for the base image; layer 2 is the tool, as the release pushes it)"

# Starting the image needs root and mount namespaces (for /proc); where either is missing (a CI
# runner's user, an unprivileged container) the checks above are what is verified.
if [ "$(id -u)" = 0 ] && unshare --mount --pid --fork true 2>/dev/null; then
  # The image as a container runtime starts it: the unpacked root, the config's user.
  umoci unpack --image "$layout:$version" "$work/bundle" >/dev/null
  # A runtime mounts /proc and /dev; the .NET runtime does not start without them.
  rootfs="$work/bundle/rootfs"
  mkdir -p "$rootfs/proc" "$rootfs/dev"
  printed=$(unshare --mount --pid --fork bash -c 'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
    exec env -i PATH=/app HOME=/home/app "$(command -v chroot)" --userspec=1654:1654 "$1" gitstreamsync --version' bash "$rootfs")
  [ "$printed" = "$version+$revision" ] || fail "the image's gitstreamsync --version printed '$printed'"
  echo "  started as user 1654 in the unpacked image: gitstreamsync --version -> $printed"
else
  echo "  not started here (needs root and mount namespaces)"
fi
echo "container-image: ok"
