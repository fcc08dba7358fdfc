"""Rules for hybrid VMMs (Virtual PC, Virtual Server, Windows Virtual PC): HV2001-HV2006, HV2301-HV2304."""
