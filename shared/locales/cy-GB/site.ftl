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
