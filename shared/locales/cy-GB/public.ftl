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
