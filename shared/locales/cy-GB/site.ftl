# Cynllun pob tudalen.
skip-to-content = Neidio i'r prif gynnwys
site-description = Adroddwch hanes y gofal a gawsoch. Caiff pob stori ei darllen cyn ei chyhoeddi, a gall y bobl sy'n rhedeg y gwasanaeth ateb yn gyhoeddus.
site-footer = Meddalwedd cod agored yw Tellcare ar gyfer rhannu profiadau o iechyd a gofal.
language-switch = Iaith

# Yr hafan.
home-title = Rhannwch eich profiad o ofal
home-lead = Adroddwch hanes y gofal a gawsoch chi, neu rywun sy'n agos atoch. Mae'n ddienw.
home-how = Mae cymedrolwr yn darllen pob stori cyn iddi gael ei chyhoeddi. Yna caiff staff y gwasanaeth eu gwahodd i'w hateb yn gyhoeddus.
home-services = Gwasanaethau ar Tellcare
home-no-services = Nid oes yr un gwasanaeth wedi ymuno eto.

# Y dudalen wall.
error-staff-sign-in = Ewch i dudalen mewngofnodi'r staff
error-home = Ewch i hafan Tellcare
error-not-found = Heb ddod o hyd i'r dudalen
error-unauthorized = Mewngofnodwch i barhau
error-forbidden = Ni allwch weld y dudalen hon
error-gone = Nid yw'r dudalen hon yma mwyach
error-busy = Rhowch gynnig arall arni mewn munud
error-busy-detail = Mae'r gwasanaeth yn brysur. Ni chollwyd dim a anfonoch; rhowch gynnig arall arni mewn munud.
error-bad-request = Mae problem gyda'r cais hwn
error-ours = Mae'n ddrwg gennym, aeth rhywbeth o'i le
error-ours-detail = Aeth rhywbeth o'i le ar ein hochr ni. Ni chollwyd dim a anfonoch; rhowch gynnig arall arni.

# Y misoedd, fel yr ysgrifennir dyddiadau: 22 Tachwedd 2026.
month-1 = Ionawr
month-2 = Chwefror
month-3 = Mawrth
month-4 = Ebrill
month-5 = Mai
month-6 = Mehefin
month-7 = Gorffennaf
month-8 = Awst
month-9 = Medi
month-10 = Hydref
month-11 = Tachwedd
month-12 = Rhagfyr
