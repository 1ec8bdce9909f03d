using static Dashboard.Web.Tests.Daemon.BadInputDaemonFixture;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>The rows of <see cref="BadInputTableTests"/>, by name, so each one shows up as its own test.</summary>
public static class BadInputTable
{
    private const string Create = "/api/containers";
    private static readonly int Cpus = Environment.ProcessorCount;

    private static BadInputCase Post(string json, int status, string expected) =>
        new("POST", Create, status, expected) { Json = json };

    private static BadInputCase Bad(string json, string expected) => Post(json, 400, expected);

    /// <summary>A create body: busybox plus the given extra members.</summary>
    private static string Body(string extra) => "{\"image\":\"busybox\",\"cmd\":[\"true\"]" + (extra.Length > 0 ? "," + extra : "") + "}";

    public static readonly IReadOnlyDictionary<string, BadInputCase> Native = new Dictionary<string, BadInputCase>
    {
        // Create: images and names
        ["unknown image"] = Post("{\"image\":\"edge-nosuch:9\"}", 404, "No such image: edge-nosuch:9"),
        ["empty image"] = Bad("{\"image\":\"\"}", "an image is required"),
        ["image with whitespace"] = Bad("{\"image\":\"busy box\"}", "contains whitespace"),
        ["duplicate name"] = Post(Body($"\"name\":\"{Stopped}\""), 409, $"The container name \"/{Stopped}\" is already in use"),
        ["name with bad characters"] = Bad(Body("\"name\":\"bad name!\""), "only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
        ["name of one character"] = Bad(Body("\"name\":\"x\""), "at least 2 characters"),
        // Memory
        ["memory 200x"] = Bad(Body("\"memory\":\"200x\""), "invalid size: '200x'"),
        ["memory under 6MB"] = Bad(Body("\"memory\":\"4m\""), "Minimum memory limit allowed is 6MB"),
        ["memory-swap smaller than memory"] = Bad(Body("\"memory\":\"100m\",\"memorySwap\":\"50m\""), "Minimum memoryswap limit should be larger than memory limit"),
        ["memory-swap without memory"] = Bad(Body("\"memorySwap\":\"1g\""), "You should always set the Memory limit"),
        ["memory-swap 12q"] = Bad(Body("\"memory\":\"100m\",\"memorySwap\":\"12q\""), "invalid size: '12q'"),
        // CPU
        ["cpus negative"] = Bad(Body("\"cpus\":\"-1\""), "Range of CPUs is from 0.01"),
        ["cpus above host count"] = Bad(Body($"\"cpus\":\"{Cpus + 1}\""), $"there are only {Cpus} CPUs available"),
        ["cpus not a number"] = Bad(Body("\"cpus\":\"half\""), "failed to parse it as a decimal number of CPUs"),
        ["cpus with cpuPeriod"] = Bad(Body("\"cpus\":\"0.5\",\"cpuPeriod\":100000"), "Nano CPUs and CPU Period cannot both be set"),
        ["cpus with cpuQuota"] = Bad(Body("\"cpus\":\"0.5\",\"cpuQuota\":50000"), "Nano CPUs and CPU Quota cannot both be set"),
        ["cpuPeriod under 1ms"] = Bad(Body("\"cpuPeriod\":500"), "CPU cfs period can not be less than 1ms"),
        ["cpuShares 1"] = Bad(Body("\"cpuShares\":1"), "cpu-shares must be between"),
        ["cpuset not a list"] = Bad(Body("\"cpusetCpus\":\"0-x\""), "Invalid value 0-x for cpuset cpus"),
        ["cpuset backwards"] = Bad(Body("\"cpusetCpus\":\"1-0\""), "runs backwards"),
        ["cpuset beyond host"] = Bad(Body("\"cpusetCpus\":\"0-63\""), "Requested CPUs are not available"),
        // Pids: any negative means unlimited in Docker, so the bad input is a wrong JSON type.
        ["pidsLimit as text"] = Bad(Body("\"pidsLimit\":\"many\""), "pidsLimit"),
        // Mounts
        ["relative bind source"] = Bad(Body("\"binds\":[\"data/x:/data\"]"), "is a relative path"),
        ["bad volume name"] = Bad(Body("\"binds\":[\"bad name:/data\"]"), "includes invalid characters for a local volume name"),
        ["relative bind destination"] = Bad(Body("\"binds\":[\"/tmp:data\"]"), "must be absolute"),
        ["bind mode rx"] = Bad(Body("\"binds\":[\"/tmp:/data:rx\"]"), "invalid mode 'rx'"),
        // Restart policy
        ["unknown restart policy"] = Bad(Body("\"restart\":\"sometimes\""), "invalid restart policy 'sometimes'"),
        ["retry count on always"] = Bad(Body("\"restart\":\"always:3\""), "can only be used with 'on-failure'"),
        ["negative retry count"] = Bad(Body("\"restart\":\"on-failure:-1\""), "cannot be negative"),
        ["restart with autoRemove"] = Bad(Body("\"restart\":\"always\",\"autoRemove\":true"), "Conflicting options: --restart and --rm"),
        // Network, host name, process
        ["network bad name"] = Bad(Body("\"network\":\"bad name!\""), "invalid network name 'bad name!'"),
        ["unknown network"] = Bad(Body("\"network\":\"edge-nosuch-net\""), "network edge-nosuch-net not found"),
        ["hostname invalid"] = Bad(Body("\"hostname\":\"bad_host!\""), "only letters, digits, '-' and '.' are allowed"),
        // Shared namespaces
        ["network container unknown"] = Bad(Body("\"network\":\"container:edge-nosuch\""), "no such container: edge-nosuch"),
        ["network container without a name"] = Bad(Body("\"network\":\"container:\""), "name the container to share with"),
        ["network container self"] = Bad(Body("\"name\":\"edge-self\",\"network\":\"container:edge-self\""), "cannot join its own network namespace"),
        ["pid unknown mode"] = Bad(Body("\"pid\":\"shared\""), "invalid --pid 'shared'"),
        ["pid container unknown"] = Bad(Body("\"pid\":\"container:edge-nosuch\""), "no such container: edge-nosuch"),
        ["ipc none"] = Bad(Body("\"ipc\":\"none\""), "--ipc none is not supported"),
        ["ipc container unknown"] = Bad(Body("\"ipc\":\"container:edge-nosuch\""), "no such container: edge-nosuch"),
        ["uts container"] = Bad(Body($"\"uts\":\"container:{Running}\""), "--uts container:NAME is not supported"),
        ["hostname with container network"] = Bad(Body($"\"hostname\":\"web\",\"network\":\"container:{Running}\""), "conflicting options: hostname and the network mode"),
        ["hostname with uts host"] = Bad(Body("\"hostname\":\"web\",\"uts\":\"host\""), "conflicting options: hostname and the UTS mode"),
        ["start on a stopped container's network"] = new("POST", $"/api/containers/{Joiner}/start", 409, $"cannot join the network namespace of {Stopped}: it is not running"),
        ["hostname with host network"] = Bad(Body("\"hostname\":\"web\",\"network\":\"host\""), "Conflicting options: --hostname and --network host"),
        ["workdir relative"] = Bad(Body("\"workingDir\":\"app\""), "it needs to be an absolute path"),
        ["env with empty name"] = Bad(Body("\"env\":[\"=x\"]"), "the name before '=' cannot be empty"),
        ["user malformed"] = Bad(Body("\"user\":\"a:b:c\""), "invalid user 'a:b:c'"),
        ["stop signal unknown"] = Bad(Body("\"stopSignal\":\"SIGFOO\""), "Invalid signal: SIGFOO"),
        ["stop timeout -5"] = Bad(Body("\"stopTimeout\":-5"), "invalid stop timeout -5"),
        ["empty label name"] = Bad(Body("\"labels\":{\"\":\"x\"}"), "a label name cannot be empty"),
        ["memory too large"] = Bad(Body("\"memory\":\"99999999999g\""), "is too large"),
        ["memory negative"] = Bad(Body("\"memory\":\"-5m\""), "invalid size: '-5m'"),
        ["cpus too small"] = Bad(Body("\"cpus\":\"0.001\""), "Range of CPUs is from 0.01"),
        ["cpuQuota negative"] = Bad(Body("\"cpuQuota\":-5"), "use -1 for no limit"),
        ["bind onto /"] = Bad(Body("\"binds\":[\"/tmp:/\"]"), "the container path cannot be '/'"),
        ["duplicate mount point"] = Bad(Body("\"binds\":[\"/tmp:/a\",\"/var:/a\"]"), "Duplicate mount point: /a"),
        ["workdir in /proc fds"] = Bad(Body("\"workingDir\":\"/proc/self/fd/3\""), "points into /proc file descriptors"),
        ["hostname too long"] = Bad(Body($"\"hostname\":\"{new string('a', 70)}\""), "at most 64 characters are allowed"),
        ["env with NUL"] = Bad(Body("\"env\":[\"A\\u0000B=1\"]"), "contains a NUL character"),
        ["user id too large"] = Bad(Body("\"user\":\"99999999999\""), "is above the maximum"),
        ["image upper case"] = Bad("{\"image\":\"BUSYBOX\"}", "must be lowercase"),
        ["image digest reference"] = Bad("{\"image\":\"busybox@sha256:" + new string('a', 64) + "\"}", "digest references"),
        // Bounds on what is stored, and the kernel's maxima (each was accepted, or a 500 at start, before)
        ["name of 256 characters"] = Bad(Body($"\"name\":{BadInputCase.Quoted('n', 256)}"), "at most 255 are allowed"),
        ["label value over 32 KiB"] = Bad(Body($"\"labels\":{{\"big\":{BadInputCase.Quoted('v', 40_000)}}}"), "at most 32 KiB is allowed per label"),
        ["labels over 64 KiB in all"] = Bad(Body("\"labels\":{" + string.Join(',', Enumerable.Range(0, 3).Select(i => $"\"l{i}\":{BadInputCase.Quoted('v', 30_000)}")) + "}"), "at most 64 KiB is allowed in all"),
        ["env over 512 KiB in all"] = Bad(Body("\"env\":[" + string.Join(',', Enumerable.Range(0, 5).Select(i => $"\"V{i}={new string('x', 120 * 1024)}\"")) + "]"), "at most 512 KiB is allowed in all"),
        ["cmd argument over 128 KiB"] = Bad("{\"image\":\"busybox\",\"cmd\":[\"echo\"," + BadInputCase.Quoted('x', 200_000) + "]}", "at most 128 KiB is allowed per argument"),
        ["workdir over PATH_MAX"] = Bad(Body($"\"workingDir\":\"/{new string('d', 5000)}\""), "(PATH_MAX)"),
        ["memory int64 max"] = Bad(Body("\"memory\":\"9223372036854775807\""), "Maximum memory limit allowed is 9223372036854771712 bytes"),
        ["limits memory int64 max"] = new("POST", $"/api/containers/{Running}/limits", 400, "Maximum memory limit allowed") { Json = "{\"memory\":\"9223372036854775807\"}" },
        ["pidsLimit above the kernel's maximum"] = Bad(Body("\"pidsLimit\":9223372036854775807"), "the most the kernel allows"),
        ["cpuQuota above the kernel's maximum"] = Bad(Body("\"cpuQuota\":9223372036854775807"), "can not be more than 17592186044415"),
        ["stopTimeout above the longest timer"] = Bad(Body("\"stopTimeout\":2147483647"), "at most 4294967 seconds"),
        ["stop with a timeout above the longest timer"] = new("POST", $"/api/containers/{Running}/stop?timeout=2147483647", 400, "at most 4294967 seconds"),
        ["limits pidsLimit above the kernel's maximum"] = new("POST", $"/api/containers/{Running}/limits", 400, "the most the kernel allows") { Json = "{\"pidsLimit\":9223372036854775807}" },
        ["limits cpuQuota above the kernel's maximum"] = new("POST", $"/api/containers/{Running}/limits", 400, "can not be more than 17592186044415") { Json = "{\"cpuQuota\":9223372036854775807}" },
        ["body over 4 MiB"] = Post(Body($"\"name\":{BadInputCase.Quoted('n', 4 << 20)}"), 413, "the request body is larger than 4 MiB"),
        ["chunked body over 4 MiB"] = new("POST", Create, 413, "the request body is larger than 4 MiB") { Json = Body($"\"name\":{BadInputCase.Quoted('n', 4 << 20)}"), Chunked = true },
        ["limits body over 4 MiB"] = new("POST", $"/api/containers/{Running}/limits", 413, "the request body is larger than 4 MiB") { Json = $"{{\"memory\":{BadInputCase.Quoted('9', 5 << 20)}}}" },
        // The body itself
        ["body is an array"] = Bad("[1,2]", "not valid JSON"),
        ["image is a number"] = Bad("{\"image\":5}", "$.image"),
        ["cmd is a string"] = Bad("{\"image\":\"busybox\",\"cmd\":\"echo\"}", "$.cmd"),
        ["malformed JSON"] = Bad("{\"image\": \"busybox\",", "not valid JSON"),
        ["empty body"] = Bad("", "empty or not JSON"),
        ["null body"] = Bad("null", "must be a JSON object"),
        ["unknown JSON field"] = Bad(Body("\"memroy\":\"1g\""), "memroy"),
        ["start query not a boolean"] = new("POST", Create + "?start=perhaps", 400, "\"perhaps\" is not a boolean") { Json = Body("") },
        // Lifecycle verbs on a container that does not exist
        ["start nonexistent"] = new("POST", "/api/containers/edge-nosuch/start", 404, "No such container: edge-nosuch"),
        ["stop nonexistent"] = new("POST", "/api/containers/edge-nosuch/stop", 404, "No such container: edge-nosuch"),
        ["kill nonexistent"] = new("POST", "/api/containers/edge-nosuch/kill", 404, "No such container: edge-nosuch"),
        ["pause nonexistent"] = new("POST", "/api/containers/edge-nosuch/pause", 404, "No such container: edge-nosuch"),
        ["rm nonexistent"] = new("DELETE", "/api/containers/edge-nosuch", 404, "No such container: edge-nosuch"),
        ["logs nonexistent"] = new("GET", "/api/containers/edge-nosuch/logs", 404, "No such container: edge-nosuch"),
        ["inspect nonexistent"] = new("GET", "/api/containers/edge-nosuch", 404, "No such container: edge-nosuch"),
        ["wait nonexistent"] = new("POST", "/api/containers/edge-nosuch/wait", 404, "No such container: edge-nosuch"),
        // Lifecycle verbs in the wrong state
        ["rm running without force"] = new("DELETE", $"/api/containers/{Running}", 409, "container is running: stop the container before removing or force remove"),
        ["kill stopped"] = new("POST", $"/api/containers/{Stopped}/kill", 409, "container is not running"),
        ["pause stopped"] = new("POST", $"/api/containers/{Stopped}/pause", 409, "container is not running"),
        ["unpause running"] = new("POST", $"/api/containers/{Running}/unpause", 409, "container is not paused"),
        // Bad parameters
        ["kill with bad signal"] = new("POST", $"/api/containers/{Running}/kill?signal=SIGFOO", 400, "Invalid signal: SIGFOO"),
        ["stop with bad signal"] = new("POST", $"/api/containers/{Running}/stop?signal=NOPE", 400, "Invalid signal: NOPE"),
        ["stop with bad timeout"] = new("POST", $"/api/containers/{Running}/stop?timeout=soon", 400, "\"soon\" is not a whole number"),
        ["rm with bad force"] = new("DELETE", $"/api/containers/{Running}?force=maybe", 400, "\"maybe\" is not a boolean"),
        ["list with unknown status"] = new("GET", "/api/containers?status=zombie", 400, "\"zombie\" is not a container status"),
        ["wait with unknown condition"] = new("POST", $"/api/containers/{Stopped}/wait?condition=never", 400, "\"never\" is not a wait condition"),
        ["logs with bad tail"] = new("GET", $"/api/containers/{Stopped}/logs?tail=lots", 400, "\"lots\" is not a line count"),
        ["logs with bad since"] = new("GET", $"/api/containers/{Stopped}/logs?since=yesterdayish", 400, "is not a time"),
        // Images
        ["import garbage"] = new("POST", "/api/images/import?reference=edge-garbage:1", 400, "is not a valid tar (or gzip) stream") { Bytes = BadInputCase.Garbage() },
        ["load garbage"] = new("POST", "/api/images/load", 400, "is not a valid tar (or gzip) stream") { Bytes = BadInputCase.Garbage() },
        ["import with digest reference"] = new("POST", "/api/images/import?reference=edge@sha256:" + new string('a', 64), 400, "is a digest reference") { Bytes = BadInputCase.Garbage() },
        ["load a tar without manifest"] = new("POST", "/api/images/load", 400, "it has neither manifest.json (docker save) nor index.json") { Bytes = BadInputCase.TarWithoutManifest() },
        ["import over the upload limit"] = new("POST", "/api/images/import?reference=edge-big:1", 413, $"the archive is larger than {UploadLimit}, the upload limit; raise Engine:ImageMaxUploadSize to accept it") { Bytes = BadInputCase.OverUploadLimit() },
        ["import a gzip bomb"] = new("POST", "/api/images/import?reference=edge-bomb:1", 400, $"the image unpacks to more than {UnpackedLimit}, the limit per image; raise Engine:ImageMaxUnpackedSize to accept it") { Bytes = BadInputCase.GzipBomb() },
        ["load a gzip bomb layer"] = new("POST", "/api/images/load", 400, $"the image unpacks to more than {UnpackedLimit}") { Bytes = BadInputCase.SaveWithGzipBomb() },
        ["rmi unknown"] = new("DELETE", "/api/images/edge-nosuch:9", 404, "No such image: edge-nosuch:9"),
        ["rmi in use"] = new("DELETE", $"/api/images/{InUseImage}", 409, "is using its referenced image"),
        ["unknown endpoint"] = new("GET", "/api/secrets", 404, "There is no native API endpoint GET /api/secrets"),
        // cp
        ["cp of a missing path"] = new("GET", $"/api/containers/{Running}/archive?path=/edge/nosuch", 404, $"Could not find the file /edge/nosuch in container {Running}"),
        ["cp without a path"] = new("GET", $"/api/containers/{Running}/archive", 400, "Path cannot be empty"),
        ["cp of an unknown container"] = new("GET", "/api/containers/edge-nosuch/archive?path=/", 404, "No such container: edge-nosuch"),
        ["cp of garbage into a container"] = new("PUT", $"/api/containers/{Running}/archive?path=/tmp", 400, "is not a valid tar (or gzip) stream") { Bytes = BadInputCase.Garbage() },
        ["cp into a file"] = new("PUT", $"/api/containers/{Stopped}/archive?path=/bin/sh", 400, "extraction point is not a directory") { Bytes = BadInputCase.Garbage() },
        ["cp with a bad copyUIDGID"] = new("PUT", $"/api/containers/{Running}/archive?path=/tmp&copyUIDGID=maybe", 400, "\"maybe\" is not a boolean") { Bytes = BadInputCase.Garbage() },
    };

    /// <summary>The Docker-compatible API: same rules, Docker's JSON and {"message"} bodies.</summary>
    public static readonly IReadOnlyDictionary<string, BadInputCase> Docker = new Dictionary<string, BadInputCase>
    {
        ["docker memory 4MiB"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":4194304}}", 400, "Minimum memory limit allowed is 6MB"),
        ["docker NanoCpus with CpuPeriod"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"NanoCpus\":500000000,\"CpuPeriod\":100000}}", 400, "Nano CPUs and CPU Period cannot both be set"),
        ["docker unknown image"] = DockerCreate("{\"Image\":\"edge-nosuch:9\"}", 404, "No such image: edge-nosuch:9"),
        ["docker bad restart policy"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}", 400, "sometimes"),
        ["docker relative bind"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"data/x:/data\"]}}", 400, "is a relative path"),
        ["docker bridge-less network"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"mynet\"}}", 400, "mynet"),
        ["docker NetworkMode unknown container"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"container:edge-nosuch\"}}", 400, "no such container: edge-nosuch"),
        ["docker NetworkMode own container"] = new("POST", "/v1.44/containers/create?name=edge-self", 400, "cannot join its own network namespace") { Json = "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"container:edge-self\"}}" },
        ["docker PidMode unknown"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"PidMode\":\"shared\"}}", 400, "invalid --pid 'shared'"),
        ["docker IpcMode none"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"IpcMode\":\"none\"}}", 400, "--ipc none is not supported"),
        ["docker UTSMode container"] = DockerCreate($"{{\"Image\":\"busybox\",\"HostConfig\":{{\"UTSMode\":\"container:{Running}\"}}}}", 400, "--uts container:NAME is not supported"),
        ["docker Hostname with container network"] = DockerCreate($"{{\"Image\":\"busybox\",\"Hostname\":\"web\",\"HostConfig\":{{\"NetworkMode\":\"container:{Running}\"}}}}", 400, "conflicting options: hostname and the network mode"),
        ["docker start on a stopped container's network"] = new("POST", $"/v1.44/containers/{Joiner}/start", 409, "it is not running; start edge-stopped first"),
        ["docker malformed JSON"] = DockerCreate("{\"Image\":", 400, "invalid JSON"),
        ["docker API version too new"] = new("POST", "/v1.99/containers/create", 400, "Maximum supported API version is 1.44") { Json = "{\"Image\":\"busybox\"}" },
        ["docker NanoCpus negative"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"NanoCpus\":-5}}", 400, "Range of CPUs is from 0.01"),
        ["docker null body"] = DockerCreate("null", 400, "config cannot be empty"),
        ["docker MemorySwap under Memory"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":100000000,\"MemorySwap\":1000}}", 400, "Minimum memoryswap limit should be larger than memory limit"),
        ["docker cpuset beyond host"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"CpusetCpus\":\"0-63\"}}", 400, "Requested CPUs are not available"),
        ["docker stop signal unknown"] = DockerCreate("{\"Image\":\"busybox\",\"StopSignal\":\"SIGFOO\"}", 400, "Invalid signal: SIGFOO"),
        ["docker workdir relative"] = DockerCreate("{\"Image\":\"busybox\",\"WorkingDir\":\"rel\"}", 400, "needs to be an absolute path"),
        ["docker filters not JSON"] = new("GET", "/v1.44/containers/json?filters=garbage", 400, "invalid filter"),
        ["docker filter unknown status"] = new("GET", "/v1.44/containers/json?filters=" + Uri.EscapeDataString("{\"status\":[\"zombie\"]}"), 400, "invalid filter 'status=zombie'"),
        // Port 1 on loopback: nothing listens, so the registry is unreachable (never leave loopback in tests).
        ["docker pull from an unreachable registry"] = new("POST", "/v1.44/images/create?fromImage=127.0.0.1%3A1%2Fedge&tag=1", 502, "cannot reach registry 127.0.0.1:1"),
        ["docker pull with malformed credentials"] = new("POST", "/v1.44/images/create?fromImage=127.0.0.1%3A1%2Fedge&tag=1", 400, "X-Registry-Auth is not") { Headers = new() { ["X-Registry-Auth"] = "!!!" } },
        ["docker import garbage"] = new("POST", "/v1.44/images/create?fromSrc=-&repo=edge-garbage", 400, "is not a valid tar (or gzip) stream") { Bytes = BadInputCase.Garbage() },
        ["docker bad name"] = new("POST", "/v1.44/containers/create?name=bad%20name!", 400, "Invalid container name") { Json = "{\"Image\":\"busybox\"}" },
        ["docker duplicate name"] = new("POST", $"/v1.44/containers/create?name={Stopped}", 409, "is already in use") { Json = "{\"Image\":\"busybox\"}" },
        ["docker inspect nonexistent"] = new("GET", "/v1.44/containers/edge-nosuch/json", 404, "No such container: edge-nosuch"),
        ["docker cp of a missing path"] = new("GET", $"/v1.44/containers/{Stopped}/archive?path=/edge/nosuch", 404, $"Could not find the file /edge/nosuch in container {Stopped}"),
        ["docker cp of garbage into a container"] = new("PUT", $"/v1.44/containers/{Stopped}/archive?path=/tmp", 400, "is not a valid tar (or gzip) stream") { Bytes = BadInputCase.Garbage() },
        ["docker cp into a missing directory"] = new("PUT", $"/v1.44/containers/{Running}/archive?path=/edge/nosuch", 404, "Could not find the file /edge/nosuch") { Bytes = BadInputCase.Garbage() },
        ["docker kill stopped"] = new("POST", $"/v1.44/containers/{Stopped}/kill", 409, "is not running"),
        ["docker rm running"] = new("DELETE", $"/v1.44/containers/{Running}", 409, "container is running"),
        ["docker rmi unknown"] = new("DELETE", "/v1.44/images/edge-nosuch:9", 404, "No such image: edge-nosuch:9"),
        ["docker load garbage"] = new("POST", "/v1.44/images/load", 400, "is not a valid tar (or gzip) stream") { Bytes = BadInputCase.Garbage() },
        ["docker load over the upload limit"] = new("POST", "/v1.44/images/load", 413, "raise Engine:ImageMaxUploadSize to accept it") { Bytes = BadInputCase.OverUploadLimit() },
        ["docker load a gzip bomb layer"] = new("POST", "/v1.44/images/load", 400, "raise Engine:ImageMaxUnpackedSize to accept it") { Bytes = BadInputCase.SaveWithGzipBomb() },
        ["docker import a gzip bomb"] = new("POST", "/v1.44/images/create?fromSrc=-&repo=edge-bomb", 400, $"the image unpacks to more than {UnpackedLimit}") { Bytes = BadInputCase.GzipBomb() },
        // Bounds on what is stored, and the kernel's maxima
        ["docker name of 256 characters"] = new("POST", $"/v1.44/containers/create?name={new string('n', 256)}", 400, "at most 255 are allowed") { Json = "{\"Image\":\"busybox\"}" },
        ["docker Labels over 64 KiB in all"] = DockerCreate("{\"Image\":\"busybox\",\"Labels\":{" + string.Join(',', Enumerable.Range(0, 3).Select(i => $"\"l{i}\":{BadInputCase.Quoted('v', 30_000)}")) + "}}", 400, "at most 64 KiB is allowed in all"),
        ["docker Env entry over 128 KiB"] = DockerCreate($"{{\"Image\":\"busybox\",\"Env\":[\"BIG={new string('x', 200_000)}\"]}}", 400, "at most 128 KiB is allowed per variable"),
        ["docker Memory int64 max"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":9223372036854775807}}", 400, "Maximum memory limit allowed"),
        ["docker update Memory int64 max"] = new("POST", $"/v1.44/containers/{Running}/update", 400, "Maximum memory limit allowed") { Json = "{\"Memory\":9223372036854775807}" },
        ["docker PidsLimit above the kernel's maximum"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"PidsLimit\":9223372036854775807}}", 400, "the most the kernel allows"),
        ["docker CpuQuota above the kernel's maximum"] = DockerCreate("{\"Image\":\"busybox\",\"HostConfig\":{\"CpuQuota\":17592186044416}}", 400, "can not be more than 17592186044415"),
        ["docker StopTimeout above the longest timer"] = DockerCreate("{\"Image\":\"busybox\",\"StopTimeout\":2147483647}", 400, "at most 4294967 seconds"),
        ["docker stop with t above the longest timer"] = new("POST", $"/v1.44/containers/{Running}/stop?t=2147483647", 400, "at most 4294967 seconds"),
        ["docker update PidsLimit above the kernel's maximum"] = new("POST", $"/v1.44/containers/{Running}/update", 400, "the most the kernel allows") { Json = "{\"PidsLimit\":9223372036854775807}" },
        ["docker update CpuQuota above the kernel's maximum"] = new("POST", $"/v1.44/containers/{Running}/update", 400, "can not be more than 17592186044415") { Json = "{\"CpuQuota\":9223372036854775807}" },
        ["docker body over 4 MiB"] = DockerCreate("{\"Image\":\"busybox\",\"Labels\":{\"big\":" + BadInputCase.Quoted('v', 4 << 20) + "}}", 413, "the request body is larger than 4 MiB"),
        ["docker chunked body over 4 MiB"] = new("POST", "/v1.44/containers/create", 413, "the request body is larger than 4 MiB") { Json = "{\"Image\":\"busybox\",\"Labels\":{\"big\":" + BadInputCase.Quoted('v', 4 << 20) + "}}", Chunked = true },
    };

    private static BadInputCase DockerCreate(string json, int status, string expected) =>
        new("POST", "/v1.44/containers/create", status, expected) { Json = json };

    public static IEnumerable<object[]> NativeNames() => Native.Keys.Select(k => new object[] { k });
    public static IEnumerable<object[]> DockerNames() => Docker.Keys.Select(k => new object[] { k });
}
