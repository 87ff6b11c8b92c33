# Installs a qaledger release on Windows (x86_64): downloads the zip and its .sha256, refuses it
# unless the checksum matches, puts qaledger.exe in %LOCALAPPDATA%\Programs\qaledger and adds
# that folder to the user's PATH. Needs no administrator rights. Published with each release;
# the README's one-liner is
#
#   powershell -ExecutionPolicy Bypass -c "irm https://github.com/CHANGE-ME/qaledger/releases/download/v0.2.0/install.ps1 | iex"
#
# Settings (environment): QALEDGER_VERSION (default: the release this script came with),
# QALEDGER_INSTALL_DIR, QALEDGER_DOWNLOAD (where releases are downloaded from).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # the progress bar slows Invoke-WebRequest tenfold

$Version  = if ($env:QALEDGER_VERSION) { $env:QALEDGER_VERSION } else { '0.2.0' }
$Download = if ($env:QALEDGER_DOWNLOAD) { $env:QALEDGER_DOWNLOAD } else { 'https://github.com/CHANGE-ME/qaledger/releases/download' }
$BinDir   = if ($env:QALEDGER_INSTALL_DIR) { $env:QALEDGER_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'Programs\qaledger' }

$Name    = "qaledger-$Version-x86_64-pc-windows-msvc"
$Archive = "$Name.zip"
$Url     = "$Download/v$Version/$Archive"
$Tmp     = Join-Path ([System.IO.Path]::GetTempPath()) ([System.Guid]::NewGuid().ToString())
New-Item -ItemType Directory -Path $Tmp | Out-Null

try {
    Write-Host "Downloading $Url"
    Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile (Join-Path $Tmp $Archive)
    Invoke-WebRequest -UseBasicParsing -Uri "$Url.sha256" -OutFile (Join-Path $Tmp "$Archive.sha256")

    $Expected = ((Get-Content -Raw (Join-Path $Tmp "$Archive.sha256")).Trim() -split '\s+')[0]
    $Actual   = (Get-FileHash -Algorithm SHA256 (Join-Path $Tmp $Archive)).Hash
    if (-not $Expected -or $Actual -ne $Expected) {
        throw "checksum mismatch for $Archive (expected $Expected, got $Actual): not installed"
    }
    Write-Host "Checksum verified (SHA-256 $Actual)"

    Expand-Archive -Path (Join-Path $Tmp $Archive) -DestinationPath $Tmp -Force
    New-Item -ItemType Directory -Path $BinDir -Force | Out-Null
    Copy-Item -Force (Join-Path $Tmp "$Name\qaledger.exe") (Join-Path $BinDir 'qaledger.exe')

    $UserPath = [Environment]::GetEnvironmentVariable('Path', 'User')
    if (-not (($UserPath -split ';') -contains $BinDir)) {
        [Environment]::SetEnvironmentVariable('Path', "$BinDir;$UserPath", 'User')
        Write-Host "Added $BinDir to your PATH: open a new terminal to use qaledger."
    }
    $env:Path = "$BinDir;$env:Path"
    & (Join-Path $BinDir 'qaledger.exe') --version
}
finally {
    Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
}
