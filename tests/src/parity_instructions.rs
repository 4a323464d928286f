//! The instruction and structure rules' side of the hadolint comparison: their codes and the
//! places where hadolint is wrong, each shown by a named unit test of the rule.

use crate::parity::Exception;

/// The hadolint codes of this family.
pub const CODES: &[&str] = &[
    "DL3000", "DL3002", "DL3010", "DL3011", "DL3012", "DL3020", "DL3021", "DL3022", "DL3023",
    "DL3025", "DL3026", "DL3029", "DL3043", "DL3044", "DL3045", "DL3048", "DL3049", "DL3050",
    "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3057", "DL3058", "DL3061",
    "DL3066", "DL3067", "DL4003", "DL4004",
];

const BUILDER_ROOT: &str =
    "USER root in a builder stage that only feeds COPY --from: no image runs as it \
    (user::builder_stages_may_stay_root_unlike_hadolint)";
const IMAGE_WITH_PATH: &str = "`--from=owner/image` is an image, it cannot be a stage name \
    (copy_add::untagged_images_with_a_path_are_images_unlike_hadolint)";
const URL_IN_VARIABLE: &str = "the source is a URL held in an ARG/ENV: only ADD downloads it \
    (copy_add::urls_behind_variables_are_urls_unlike_hadolint)";
const WINDOWS_USER: &str = "Windows containers have no numeric user ids \
    (user::windows_users_are_names_unlike_hadolint)";
const VARIABLE_USER: &str = "the user comes from a variable: numeric once resolved, or set by the \
    base image and not known here (user::variables_are_resolved_unlike_hadolint)";
const ARG_USER: &str =
    "`ARG user=jenkins` makes `USER ${user}` a name; hadolint does not resolve it \
    (user::variables_are_resolved_unlike_hadolint)";

const ADD_RELATIVE: &str = "ADD to a relative destination lands where COPY would; hadolint only \
    checks COPY (workdir::add_counts_like_copy_unlike_hadolint)";

pub const EXCEPTIONS: &[Exception] = &[
    Exception::ours(
        "real/GoogleContainerTools__kaniko__integration__dockerfiles__Dockerfile_test_add",
        "DL3045",
        3,
        ADD_RELATIVE,
    ),
    Exception::ours(
        "real/GoogleContainerTools__kaniko__integration__dockerfiles__Dockerfile_test_add",
        "DL3045",
        5,
        ADD_RELATIVE,
    ),
    Exception::ours(
        "real/GoogleContainerTools__kaniko__integration__dockerfiles__Dockerfile_test_add",
        "DL3045",
        6,
        ADD_RELATIVE,
    ),
    Exception::theirs("real/containers__buildah__tests__conformance__testdata__header-builtin__Dockerfile", "DL3002", 8, BUILDER_ROOT),
    Exception::theirs("real/dotnet__dotnet-docker__eng__docker-tools__Dockerfile.syft", "DL3002", 11, BUILDER_ROOT),
    Exception::theirs("real/microsoft__dotnet-framework-docker__eng__docker-tools__Dockerfile.syft", "DL3002", 11, BUILDER_ROOT),
    Exception::theirs("real/crazy-max__diun__pkg__dockerfile__fixtures__valid.Dockerfile", "DL3022", 10, IMAGE_WITH_PATH),
    Exception::theirs("real/docker__awesome-compose__nginx-golang-mysql__backend__Dockerfile", "DL3022", 35, IMAGE_WITH_PATH),
    Exception::theirs("real/GoogleContainerTools__kaniko__integration__dockerfiles__Dockerfile_test_add", "DL3020", 34, URL_IN_VARIABLE),
    Exception::theirs("real/PowerShell__PowerShell-Docker__release__7-5__mariner2-arm64__docker__Dockerfile", "DL3020", 21, URL_IN_VARIABLE),
    Exception::theirs("real/PowerShell__PowerShell-Docker__release__unstable__blackarch__docker__Dockerfile", "DL3020", 56, URL_IN_VARIABLE),
    Exception::theirs("buildkit-parser/testfiles/escapes/Dockerfile", "DL3025", 14,
        "`[ \"\\/usr…\" ]` is valid JSON (`\\/` is an escape) and BuildKit runs it in exec form \
         (cmd_entrypoint::escaped_json_is_exec_form_unlike_hadolint)"),
    Exception::theirs("real/PowerShell__PowerShell-Docker__release__7-2__nanoserver2022__docker__Dockerfile", "DL3066", 65, WINDOWS_USER),
    Exception::theirs("real/PowerShell__PowerShell-Docker__release__7-2__nanoserver2022__docker__Dockerfile", "DL3066", 70, WINDOWS_USER),
    Exception::theirs("real/StefanScherer__dockerfiles-windows__golang__Dockerfile.insider", "DL3066", 46, WINDOWS_USER),
    Exception::theirs("real/StefanScherer__dockerfiles-windows__golang__Dockerfile.insider", "DL3066", 48, WINDOWS_USER),
    Exception::theirs("real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-1809__amd64__Dockerfile", "DL3066", 94, WINDOWS_USER),
    Exception::theirs("real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-1809__amd64__Dockerfile", "DL3066", 96, WINDOWS_USER),
    Exception::theirs("real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-ltsc2022__amd64__Dockerfile", "DL3066", 94, WINDOWS_USER),
    Exception::theirs("real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-ltsc2022__amd64__Dockerfile", "DL3066", 96, WINDOWS_USER),
    Exception::theirs("real/dotnet__dotnet-docker__src__runtime-deps__8.0__azurelinux3.0-distroless__amd64__Dockerfile", "DL3066", 74, VARIABLE_USER),
    Exception::theirs("real/dotnet__dotnet-docker__samples__releasesapi__Dockerfile.ubuntu-cross-x64-arm64", "DL3066", 39, VARIABLE_USER),
    Exception::theirs("real/dotnet__dotnet-docker__tests__Microsoft.DotNet.Docker.Tests__TestAppArtifacts__otlptestlistener__Dockerfile", "DL3066", 22, VARIABLE_USER),
    Exception::theirs("real/jupyter__docker-stacks__docs__using__recipe_code__oracledb.dockerfile", "DL3066", 55, VARIABLE_USER),
    Exception::theirs("real/jupyter__docker-stacks__images__base-notebook__Dockerfile", "DL3066", 34, VARIABLE_USER),
    Exception::theirs("real/jupyter__docker-stacks__images__base-notebook__Dockerfile", "DL3066", 82, VARIABLE_USER),
    Exception::ours("real/jenkinsci__docker__debian__Dockerfile", "DL3066", 148, ARG_USER),
    Exception::ours("real/jenkinsci__docker__rhel__Dockerfile", "DL3066", 138, ARG_USER),
];
