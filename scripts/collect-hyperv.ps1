<#
.SYNOPSIS
Collects what `hvcheck import hyperv-json` reads from a Windows host, with read-only cmdlets.

.DESCRIPTION
Run it on the Windows (Hyper-V) host itself, in an elevated Windows PowerShell 5.1 or PowerShell 7
session, then copy the JSON file it writes to where hvcheck runs:

    .\collect-hyperv.ps1 -Path host.json
    hvcheck import hyperv-json host.json

It only reads: processor and firmware facts (Win32_Processor, Win32_OperatingSystem,
Win32_ComputerSystem, Win32_PhysicalMemory, Win32_BIOS, $env:firmware_type, Confirm-SecureBootUEFI,
Win32_Tpm), the present PCI devices with their hardware and compatible IDs, driver service, INF name,
driver version, location and the PCI properties SurveyDDA.ps1 reads (Get-PnpDevice,
Get-PnpDeviceProperty), their memory-mapped I/O (Win32_PnPAllocatedResource), the boot disk
(Get-Disk, Get-PhysicalDisk), the physical network adapters' link speed (Get-NetAdapter), and, when
the Hyper-V module is present, Get-VMHost, Get-VMHostAssignableDevice and every VM (Get-VM with its
generation, Get-VMProcessor, Get-VMMemory, Get-VMFirmware, Get-VMIntegrationService,
Get-VMNetworkAdapter, Get-VMHardDiskDrive, Get-VMDvdDrive, Get-VMAssignableDevice, and the guest
OS name from the KVP exchange). It changes nothing on the host and writes only the JSON file.

It records no serial numbers, UUIDs, MAC or IP addresses, user names, host or domain names, file
paths (a disk's file extension only) or PnP instance suffixes (device IDs only).

.PARAMETER Path
The JSON file to write; default hyperv-host.json in the current directory.
#>
[CmdletBinding()]
param(
    [string]$Path = 'hyperv-host.json'
)

Set-StrictMode -Version 1.0  # uninitialized variables are errors; absent properties read as `$null
$ErrorActionPreference = 'Stop'

$pciProperties = '{3AB22E31-8264-4b4e-9AF5-A8D2D8E33E62}' # pciprop.h, DEVPKEY_PciDevice_*

function Invoke-Quietly {
    # The value of a script block, or $null when it fails (a missing cmdlet, module or class).
    param([scriptblock]$Block)
    try { & $Block } catch { $null }
}

function Get-DeviceProperty {
    param([string]$InstanceId, [string]$Key)
    Invoke-Quietly { (Get-PnpDeviceProperty -InstanceId $InstanceId -KeyName $Key -ErrorAction Stop).Data }
}

function Get-DeviceId {
    # 'PCI\VEN_8086&DEV_1572&SUBSYS_00078086&REV_02\3&11583659&0&18' -> the part before the
    # instance suffix (which can hold a device serial number)
    param([string]$InstanceId)
    if (-not $InstanceId) { return $null }
    $cut = $InstanceId.LastIndexOf('\')
    if ($cut -le 0) { return $InstanceId }
    return $InstanceId.Substring(0, $cut)
}

function Get-Extension {
    param([string]$File)
    if (-not $File) { return $null }
    return [System.IO.Path]::GetExtension($File).TrimStart('.').ToLowerInvariant()
}

# --- the operating system, processors, memory and firmware -------------------------------------

$os = Get-CimInstance -ClassName Win32_OperatingSystem
$computer = Get-CimInstance -ClassName Win32_ComputerSystem
$processors = @(Get-CimInstance -ClassName Win32_Processor | ForEach-Object {
        [ordered]@{
            name                          = $_.Name
            manufacturer                  = $_.Manufacturer
            architecture                  = $_.Architecture
            cores                         = $_.NumberOfCores
            logicalProcessors             = $_.NumberOfLogicalProcessors
            vmMonitorModeExtensions       = $_.VMMonitorModeExtensions
            virtualizationFirmwareEnabled = $_.VirtualizationFirmwareEnabled
            slat                          = $_.SecondLevelAddressTranslationExtensions
        }
    })
$memory = Invoke-Quietly {
    (Get-CimInstance -ClassName Win32_PhysicalMemory | Measure-Object -Property Capacity -Sum).Sum
}
$secureBoot = Invoke-Quietly { Confirm-SecureBootUEFI }
$tpm = Invoke-Quietly {
    Get-CimInstance -Namespace 'root/cimv2/Security/MicrosoftTpm' -ClassName Win32_Tpm
}
$bios = Invoke-Quietly { Get-CimInstance -ClassName Win32_BIOS }

# --- PCI devices ---------------------------------------------------------------------------------

$mmio = @{}
$ranges = @{}
Invoke-Quietly {
    Get-CimInstance -ClassName Win32_DeviceMemoryAddress | ForEach-Object {
        $ranges[[string]$_.StartingAddress] = [uint64]$_.EndingAddress - [uint64]$_.StartingAddress + 1
    }
    Get-CimInstance -ClassName Win32_PnPAllocatedResource | ForEach-Object {
        $resource = $_.Antecedent
        if ($resource.CimClass.CimClassName -eq 'Win32_DeviceMemoryAddress') {
            $owner = [string]$_.Dependent.DeviceID
            $size = $ranges[[string]$resource.StartingAddress]
            if ($null -ne $size) { $mmio[$owner] = [uint64]$mmio[$owner] + $size }
        }
    }
} | Out-Null

# PCI\ devices, and PCIP\ ones: a device dismounted for Discrete Device Assignment
$pciDevices = @(Get-PnpDevice -PresentOnly | Where-Object { $_.InstanceId -like 'PCI\*' -or $_.InstanceId -like 'PCIP\*' } | ForEach-Object {
        $id = $_.InstanceId
        $paths = Get-DeviceProperty $id 'DEVPKEY_Device_LocationPaths'
        [ordered]@{
            deviceId                     = Get-DeviceId $id
            friendlyName                 = $_.FriendlyName
            class                        = $_.Class
            status                       = [string]$_.Status
            problem                      = [string]$_.Problem
            hardwareIds                  = @(Get-DeviceProperty $id 'DEVPKEY_Device_HardwareIds')
            compatibleIds                = @(Get-DeviceProperty $id 'DEVPKEY_Device_CompatibleIds')
            service                      = Get-DeviceProperty $id 'DEVPKEY_Device_Service'
            infPath                      = Get-DeviceProperty $id 'DEVPKEY_Device_DriverInfPath'
            driverVersion                = Get-DeviceProperty $id 'DEVPKEY_Device_DriverVersion'
            driverProvider               = Get-DeviceProperty $id 'DEVPKEY_Device_DriverProvider'
            locationInfo                 = Get-DeviceProperty $id 'DEVPKEY_Device_LocationInfo'
            locationPath                 = if ($paths) { @($paths)[0] } else { $null }
            deviceType                   = Get-DeviceProperty $id "$pciProperties  1"
            interruptSupport             = Get-DeviceProperty $id "$pciProperties  14"
            acsCompatibleUpHierarchy     = Get-DeviceProperty $id "$pciProperties  31"
            requiresReservedMemoryRegion = Get-DeviceProperty $id "$pciProperties  34"
            mmioBytes                    = $mmio[$id]
        }
    })

$nicSpeeds = @(Invoke-Quietly {
        Get-NetAdapter -Physical | ForEach-Object {
            [ordered]@{ deviceId = Get-DeviceId $_.PnPDeviceID; linkSpeedBps = $_.Speed }
        }
    })

$bootDisk = Invoke-Quietly {
    $disk = Get-Disk | Where-Object { $_.IsBoot } | Select-Object -First 1
    if ($disk) {
        $physical = Get-PhysicalDisk | Where-Object { $_.DeviceId -eq [string]$disk.Number } |
            Select-Object -First 1
        [ordered]@{
            busType   = [string]$disk.BusType
            mediaType = if ($physical) { [string]$physical.MediaType } else { $null }
            sizeBytes = $disk.Size
        }
    }
}

# --- Hyper-V -------------------------------------------------------------------------------------

$vmHost = $null
$hostAssignable = @()
$vms = @()
if (Get-Command -Name Get-VMHost -ErrorAction SilentlyContinue) {
    $h = Get-VMHost
    $vmHost = [ordered]@{
        iovSupport            = $h.IovSupport
        iovSupportReasons     = @($h.IovSupportReasons)
        logicalProcessorCount = $h.LogicalProcessorCount
        memoryCapacityBytes   = $h.MemoryCapacity
    }
    $hostAssignable = @(Invoke-Quietly {
            Get-VMHostAssignableDevice | ForEach-Object {
                [ordered]@{ deviceId = Get-DeviceId $_.InstanceID; locationPath = $_.LocationPath }
            }
        })
    $vms = @(Get-VM | ForEach-Object {
            $vm = $_
            $firmware = if ($vm.Generation -eq 2) { Invoke-Quietly { Get-VMFirmware -VM $vm } } else { $null }
            $cpu = Get-VMProcessor -VM $vm
            $ram = Get-VMMemory -VM $vm
            $guestOs = Invoke-Quietly {
                $kvp = Get-CimInstance -Namespace 'root/virtualization/v2' -ClassName Msvm_KvpExchangeComponent `
                    -Filter "SystemName='$($vm.Id)'"
                $items = @{}
                foreach ($xml in @($kvp.GuestIntrinsicExchangeItems)) {
                    $doc = [xml]$xml
                    $name = ($doc.INSTANCE.PROPERTY | Where-Object { $_.NAME -eq 'Name' }).VALUE
                    $value = ($doc.INSTANCE.PROPERTY | Where-Object { $_.NAME -eq 'Data' }).VALUE
                    if ($name -in @('OSName', 'OSVersion')) { $items[$name] = $value }
                }
                if ($items.Count) { [ordered]@{ name = $items['OSName']; version = $items['OSVersion'] } }
            }
            [ordered]@{
                name                   = $vm.Name
                generation             = $vm.Generation
                version                = [string]$vm.Version
                state                  = [string]$vm.State
                processorCount         = $vm.ProcessorCount
                memoryStartupBytes     = $ram.Startup
                dynamicMemoryEnabled   = $ram.DynamicMemoryEnabled
                memoryMinimumBytes     = $ram.Minimum
                memoryMaximumBytes     = $ram.Maximum
                automaticStopAction    = [string]$vm.AutomaticStopAction
                highMmioBytes          = $vm.HighMemoryMappedIoSpace
                lowMmioBytes           = $vm.LowMemoryMappedIoSpace
                processorCompatibility = $cpu.CompatibilityForMigrationEnabled
                nestedVirtualization   = $cpu.ExposeVirtualizationExtensions
                secureBoot             = if ($firmware) { [string]$firmware.SecureBoot } else { $null }
                secureBootTemplate     = if ($firmware) { [string]$firmware.SecureBootTemplate } else { $null }
                guestOs                = $guestOs
                integrationServices    = @(Get-VMIntegrationService -VM $vm | ForEach-Object {
                        [ordered]@{ name = $_.Name; enabled = $_.Enabled; status = [string]$_.PrimaryStatusDescription }
                    })
                networkAdapters        = @(Get-VMNetworkAdapter -VM $vm | ForEach-Object {
                        [ordered]@{ name = $_.Name; isLegacy = [bool]$_.IsLegacy; connected = [bool]$_.SwitchName }
                    })
                disks                  = @(Get-VMHardDiskDrive -VM $vm | ForEach-Object {
                        [ordered]@{
                            controllerType     = [string]$_.ControllerType
                            controllerNumber   = $_.ControllerNumber
                            controllerLocation = $_.ControllerLocation
                            format             = if ($null -ne $_.DiskNumber) { 'physical' } else { Get-Extension $_.Path }
                        }
                    })
                dvdDrives              = @(Get-VMDvdDrive -VM $vm | ForEach-Object {
                        [ordered]@{
                            controllerType     = [string]$_.ControllerType
                            controllerNumber   = $_.ControllerNumber
                            controllerLocation = $_.ControllerLocation
                            format             = Get-Extension $_.Path
                        }
                    })
                assignedDevices        = @(Invoke-Quietly {
                        Get-VMAssignableDevice -VM $vm | ForEach-Object {
                            [ordered]@{ deviceId = Get-DeviceId $_.InstanceID; locationPath = $_.LocationPath }
                        }
                    })
            }
        })
}

# --- the document --------------------------------------------------------------------------------

$document = [ordered]@{
    collector              = [ordered]@{ name = 'hvcheck collect-hyperv.ps1'; format = 1 }
    os                     = [ordered]@{
        caption                        = $os.Caption
        version                        = $os.Version
        buildNumber                    = $os.BuildNumber
        architecture                   = $os.OSArchitecture
        productType                    = $os.ProductType
        dataExecutionPreventionAvailable = $os.DataExecutionPrevention_Available
    }
    computerSystem         = [ordered]@{
        manufacturer      = $computer.Manufacturer
        model             = $computer.Model
        hypervisorPresent = $computer.HypervisorPresent
        totalPhysicalMemoryBytes = $computer.TotalPhysicalMemory
    }
    physicalMemoryBytes    = $memory
    processors             = $processors
    firmware               = [ordered]@{
        type        = $env:firmware_type
        secureBoot  = $secureBoot
        biosVersion = if ($bios) { $bios.SMBIOSBIOSVersion } else { $null }
        tpmSpecVersion = if ($tpm) { $tpm.SpecVersion } else { $null }
    }
    bootDisk               = $bootDisk
    pciDevices             = $pciDevices
    hostNetworkAdapters    = $nicSpeeds
    vmHost                 = $vmHost
    hostAssignableDevices  = $hostAssignable
    vms                    = $vms
}

$json = $document | ConvertTo-Json -Depth 8
$full = [System.IO.Path]::GetFullPath((Join-Path -Path (Get-Location).Path -ChildPath $Path))
[System.IO.File]::WriteAllText($full, $json, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
Write-Host "collect-hyperv.ps1: wrote $full; import it with: hvcheck import hyperv-json $Path"
