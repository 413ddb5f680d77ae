# Tudalen stori a gyhoeddwyd.
story-about = Stori am
story-by = gan { $username }
story-published = cyhoeddwyd { $date }
story-answers = Atebion ac ymatebion
story-no-answers = Dim atebion eto.
story-replied = Ymatebodd { $username }
story-tell-yours = Adroddwch eich stori eich hun
story-not-found = Nid oes stori wedi'i chyhoeddi yn y cyfeiriad hwn.

# Tudalen gwasanaeth.
service-caption = Gwasanaeth
service-older-title = (straeon hŷn)
service-record = Y 12 mis diwethaf
service-published = Straeon a gyhoeddwyd
service-published-under = Straeon a gyhoeddwyd, yma ac yn y gwasanaethau oddi tano
service-answered = O'r rhain, wedi'u hateb gan y gwasanaeth
service-none-yet = Dim wedi'u cyhoeddi eto
service-changes = Newidiadau a wnaed oherwydd stori
service-part-of = Rhan o { $service }
service-stories = Straeon
service-no-more = Dim rhagor o straeon.
service-no-stories = Nid oes straeon wedi'u cyhoeddi am { $service } eto.
service-newest = Y straeon diweddaraf
service-older = Straeon hŷn

# Chwilio: y blwch ar bob tudalen gyhoeddus, a'r dudalen chwilio.
search-title = Chwilio
search-title-for = Chwilio: { $words }
search-label = Chwilio am wasanaeth neu am straeon
search-hint = Enw gwasanaeth, neu eiriau o straeon a'u hatebion: "rhyddhau", "aros", "parcio".
search-placeholder = Gwasanaethau a straeon
search-button = Chwilio
search-service = O fewn gwasanaeth
search-dates = Cyhoeddwyd rhwng dyddiadau
search-from = O (er enghraifft 2026-11-01)
search-to = I (er enghraifft 2026-11-30)
search-within = Yn chwilio o fewn { $service }.
search-everywhere = Chwilio ym mhobman
search-services = Gwasanaethau
search-part-of = Rhan o { $place }
search-stories = Straeon
search-more-stories = Rhagor o straeon
search-no-more = Dim rhagor o straeon.
search-nothing = Nid oes gan unrhyw stori a gyhoeddwyd y geiriau “{ $words }”. Rhowch gynnig ar lai o eiriau, neu eiriau eraill.
search-next = Tudalen nesaf o straeon
search-missing = Teipiwch rai geiriau i chwilio amdanynt
search-too-long = Teipiwch { $max } nod neu lai
search-cursor = Dilynwch "Tudalen nesaf o straeon" o'r dudalen flaenorol

# Ffrydiau Atom o straeon a gyhoeddwyd.
feed-site-title = Straeon ar Tellcare
feed-service-title = Straeon am { $service }
feed-subtitle = Y straeon gofal diweddaraf a gyhoeddwyd, gydag atebion y bobl sy'n ei roi.
feed-answer = Ateb
feed-follow = Dilyn straeon newydd (ffrwd Atom)

# Straeon diweddaraf yr hafan, a chwilio tudalen gwasanaeth.
home-latest = Y straeon diweddaraf
home-no-stories = Nid oes straeon wedi'u cyhoeddi eto.
home-answered-by = Atebwyd gan { $responder }
service-search = Chwilio straeon { $service }
