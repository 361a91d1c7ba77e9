# Builds LeakLab's Windows installers into target\installer\: the app-image (target\installer\LeakLab) and an
# .msi with a start-menu entry, a per-user install and the console launcher leaklab-cli.exe.
# The twin of packaging/build-installer.sh (Linux and macOS); jpackage cannot cross-build.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-installer.ps1 [-SkipBuild] [-ImageOnly]
#
# Needs a JDK 17 with jpackage and jlink, and the WiX Toolset 3 (candle.exe, light.exe) on the PATH for the .msi.
param(
    [switch]$SkipBuild,
    [switch]$ImageOnly
)
$ErrorActionPreference = 'Stop'
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

if ($env:JAVA_HOME) { $jdk = $env:JAVA_HOME } else {
    $jdk = Split-Path -Parent (Split-Path -Parent (Get-Command jlink).Source)
}
foreach ($tool in 'jlink', 'jpackage') {
    if (-not (Test-Path "$jdk\bin\$tool.exe")) { throw "$jdk\bin\$tool.exe not found; set JAVA_HOME to a full JDK 17" }
}
if (-not (Test-Path "$jdk\jmods")) { throw "$jdk\jmods not found; jlink needs a JDK with its jmods" }

if (-not $SkipBuild) { Invoke-Checked '.\mvnw.cmd' @('-B', '-q', 'package', '-DskipTests') }
foreach ($need in 'target\leaklab.jar', 'target\lib', 'target\javafx', 'target\packaging\common.args') {
    if (-not (Test-Path $need)) { throw "$need missing; run without -SkipBuild" }
}

$out = 'target\installer'
if (Test-Path $out) { Remove-Item -Recurse -Force $out }
New-Item -ItemType Directory -Force "$out\input" | Out-Null

# Class path: LeakLab's jar and every library jar, flat; ND4J's native backend included, for imported Keras
# models and NumPy files (loaded only when one is first opened)
Copy-Item target\leaklab.jar "$out\input\"
Get-ChildItem target\lib\*.jar | ForEach-Object { Copy-Item $_.FullName "$out\input\" }
Copy-Item -Recurse sample-projects "$out\input\sample-projects"
# ONNX Runtime's jar carries its native library for five platforms plus debug symbols (93 MB); keep win-x64's
# library only (ONNX Runtime loads ai/onnxruntime/native/win-x64/), and not its .pdb
Add-Type -AssemblyName System.IO.Compression
Add-Type -AssemblyName System.IO.Compression.FileSystem
foreach ($ort in Get-ChildItem "$out\input\onnxruntime-*.jar") {
    $zip = [System.IO.Compression.ZipFile]::Open($ort.FullName, [System.IO.Compression.ZipArchiveMode]::Update)
    try {
        $drop = @($zip.Entries | Where-Object {
            $_.FullName -like 'ai/onnxruntime/native/*' -and
            ($_.FullName -notlike 'ai/onnxruntime/native/win-x64/*' -or $_.FullName -like '*.pdb') })
        foreach ($entry in $drop) { $entry.Delete() }
        if (-not ($zip.Entries | Where-Object { $_.FullName -like 'ai/onnxruntime/native/win-x64/*.dll' })) {
            throw "$($ort.Name) has no native library for win-x64"
        }
    } finally { $zip.Dispose() }
}

# The runtime: the JDK modules LeakLab needs and JavaFX's (the same list as build-installer.sh)
$modules = 'java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.sql,java.xml,' +
    'java.compiler,jdk.management,jdk.unsupported,jdk.zipfs,' +
    'javafx.base,javafx.graphics,javafx.controls,javafx.swing'
Invoke-Checked "$jdk\bin\jlink.exe" @('--module-path', "$jdk\jmods;target\javafx", '--add-modules', $modules,
    '--strip-debug', '--no-header-files', '--no-man-pages', '--strip-native-commands', '--compress=2',
    '--output', "$out\runtime")
# JavaFX's DLLs beside the JDK's (bin\ on Windows), so JavaFX never unpacks them into the user's profile
Add-Type -AssemblyName System.IO.Compression.FileSystem
foreach ($jar in Get-ChildItem target\javafx\*.jar) {
    $zip = [System.IO.Compression.ZipFile]::OpenRead($jar.FullName)
    try {
        foreach ($entry in $zip.Entries | Where-Object { $_.Name -like '*.dll' }) {
            [System.IO.Compression.ZipFileExtensions]::ExtractToFile($entry, "$out\runtime\bin\$($entry.Name)", $true)
        }
    } finally { $zip.Dispose() }
}

Invoke-Checked "$jdk\bin\jpackage.exe" @('--type', 'app-image', '@target\packaging\common.args',
    '@target\packaging\app-image.args', '@target\packaging\windows.args', '--input', "$out\input",
    '--runtime-image', "$out\runtime", '--dest', $out)
if (-not $ImageOnly) {
    Invoke-Checked "$jdk\bin\jpackage.exe" @('--type', 'msi', '--app-image', "$out\LeakLab",
        '@target\packaging\common.args', '@target\packaging\windows-msi.args', '--dest', $out)
}

Remove-Item -Recurse -Force "$out\input", "$out\runtime"
Write-Host "Built in ${out}:"
Get-ChildItem $out -Filter *.msi | ForEach-Object { Write-Host ("  {0}  {1:N0} MB" -f $_.Name, ($_.Length / 1MB)) }
