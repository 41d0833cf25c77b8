"""Write a varied synthetic news corpus (JSONL in the format of EVENTS.md) for the benchmarks.

    python bench/make_corpus.py N OUT.jsonl [--seed 7] [--event-share 0.35] [--story-share 0.15]

Each document is a news article in one of the supported languages: a headline line, then 4 to 12
paragraphs of 1 to 4 sentences, about 2,400 characters on average, from a few hundred to over
5,000 (a twentieth under 1,100, a twentieth over 4,100). The sentences come from templates. Most are
filler: some 55 news sentences per language, short and long, on the economy, markets, weather,
sport, politics, courts, health, science, culture, transport, technology and local affairs,
among them words that look like collective action and are not (a football striker, an air
strike, hunger in a famine, a court striking a law down, a box-office blockbuster, a long rally
in tennis, a shareholders' meeting). An article never repeats a filler sentence, and the slots
of each sentence (organisations, places, days, numbers, people, sums of money, scores) are
drawn anew. A share of the documents (``--event-share``) also hold one to three event reports
(strikes, strike calls, rallies, marches, hunger strikes, blockades, threats, arrests) with
generated organisation names, real places of the country the language is spoken in, dates,
numbers and demands, each at a random place in a random paragraph, half of them under a
headline about the dispute; most documents report no event at all, as in any real archive.
Some documents end with a report in another language. A share of the documents
(``--story-share``) retell an action another outlet reported a day or two before (same
organisation, place and numbers, another article around it, the strike told as begun or as
going on), so that merging across documents has work to do. Deterministic for a given seed
(``.gz`` output is gzipped); the documents are written one at a time, never all held at once.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import string
from datetime import date, timedelta
from functools import cache
from pathlib import Path

SYLLABLES = ["ka", "zan", "mir", "tel", "vor", "ost", "neft", "gaz", "trans", "lo", "ber", "sol", "ar", "ex",
             "pro", "tek", "nor", "dal", "vik", "rem"]

SUMS = [12, 35, 48, 120, 250, 640]
SCORES = [(1, 0), (2, 0), (2, 1), (3, 1), (3, 2), (4, 1)]

LANGUAGES: dict[str, dict] = {
    "en": {
        "places": ["Manchester", "Leeds", "Lagos", "Mumbai", "Chicago", "Toronto", "Sheffield", "Durban"],
        "forms": ["Ltd", "LLP", "Plc", "Inc"],
        "events": [
            "Workers of {org} went on strike in {place} on {weekday}, demanding a {pct}% pay rise.",
            "About {n} employees of {org} held a rally outside the company's offices in {place} on {weekday}.",
            "Nurses in {place} said they were ready to strike from {day} {month} unless unpaid wages were paid.",
            "Miners at {org} continued their strike for the {ordinal} day in {place}.",
            "Police arrested {small} protesters who blocked the main road into {place} on {weekday}.",
            "Four workers of {org} began a hunger strike in {place} to demand reinstatement.",
            "The union at {org} called a strike at the company's plant in {place} from {day} {month}.",
            "Some {n} people marched through the centre of {place} on {weekday} against rising fuel prices.",
            "Farmers blocked the motorway near {place} with their tractors for several hours on {weekday}.",
        ],
        "filler": [
            "The central bank kept its key interest rate unchanged on {weekday}, citing signs that inflation "
            "is easing.",
            "Heavy rain is expected across the region over the weekend, forecasters said, with surface water "
            "likely on low-lying roads.",
            "The local football club signed a new striker on a three-year contract.",
            "Shares in {org} rose {pct}% after quarterly profits beat analysts' expectations.",
            "The city council in {place} approved a {amount} budget for road repairs and street lighting.",
            "Officials said the new bridge would open to traffic next spring, more than a year behind schedule.",
            "Consumer prices rose {small}% in the year to {month}, the statistics office said, driven by food "
            "and energy costs.",
            "The finance minister will present the government's spending plans to parliament next week.",
            "Fighter jets carried out an air strike on a weapons depot near the border overnight, the defence "
            "ministry said.",
            "Aid agencies warned that hunger is spreading in the drought-hit north, where harvests have failed "
            "for the {ordinal} year running.",
            "The Supreme Court struck down a state law that limited the use of postal ballots.",
            "The studio's summer blockbuster took {amount} at the box office in its opening weekend.",
            "{person} saved two match points and won a 31-shot rally on the way to the quarter-finals of the "
            "tournament.",
            "Scientists in {place} have developed a blood test that can detect several cancers at an early stage.",
            "The health ministry said flu cases had fallen for the {ordinal} consecutive week.",
            "Passenger numbers at {place} airport rose {pct}% last year, helped by new routes to southern Europe.",
            "{org} said it would invest {amount} in a new data centre outside {place}, creating about {n} jobs.",
            "The mobile operator said the software fault that disrupted its network for several hours on "
            "{weekday} had been fixed.",
            "A new exhibition of early twentieth-century photography opens at the city museum on {day} {month}.",
            "The opera house unveiled its new season, with {small} new productions and a series of dance evenings.",
            "Police are appealing for witnesses after a car crashed into a shop window in {place} on {weekday} "
            "night.",
            "A court in {place} sentenced a former deputy mayor to {small} years in prison for taking bribes.",
            "Temperatures are forecast to reach 30 degrees in {place} by the end of the week, well above the "
            "seasonal average.",
            "The national team won {score} and moved up to {ordinal} place in their qualifying group.",
            "Oil prices edged higher on {weekday} as traders weighed output cuts by the largest producers.",
            "{org} reported a {pct}% rise in annual revenue and raised its dividend.",
            "The government plans to build {n} affordable homes in {place} over the next five years.",
            "Researchers found that a brisk half-hour walk every day cuts the risk of heart disease by almost "
            "a third.",
            "A new electric bus route linking the railway station with the university will start running on "
            "{day} {month}.",
            "The phone maker released a software update to fix a security flaw affecting millions of devices.",
            "The hospital in {place} opened a new maternity unit, paid for with a {amount} grant.",
            "Regulators fined {org} {amount} for misleading customers about broadband speeds.",
            "Hoteliers in {place} expect a record summer, with bookings up {pct}% on last year.",
            "Farmers say the dry spring could cut this year's wheat harvest by as much as a fifth.",
            "Firefighters put out a blaze at a warehouse on the outskirts of {place} early on {weekday}; "
            "nobody was hurt.",
            "The new cycle lanes have cut traffic in the city centre by a tenth, {person} told the council.",
            "Astronomers say a comet will be visible to the naked eye in the night sky from {day} {month}.",
            "Tax receipts in the first quarter came in {amount} above forecast, the Treasury said.",
            "The ruling party has chosen {person} as its candidate for mayor of {place}.",
            "A new study suggests that children who read for pleasure also do better at maths.",
            "The pound rose against the dollar after weaker than expected jobs figures in the United States.",
            "Lawmakers approved the online safety bill at its second reading after a late-night debate.",
            "{org} struck a deal to buy a smaller software rival for {amount}.",
            "Sales of electric cars rose for the {ordinal} month in a row, industry figures showed.",
            "Lightning struck the church spire in {place} during a thunderstorm on {weekday}, but the damage "
            "was limited.",
            "The bank's governor told reporters that borrowing costs would stay where they are until there is "
            "clearer evidence that price growth is slowing, adding that the next decision is due in {month}.",
            "Officials in {place} said the new tram line, which has been under construction for almost three years, "
            "would carry its first passengers in the autumn, although the final cost has risen to {amount}.",
            "The weather service issued a yellow warning for thunderstorms across the south-east, saying that up to "
            "40 millimetres of rain could fall in an hour in some places.",
            "In a statement to the stock exchange, {org} said it expected full-year earnings to come in at the top "
            "end of its forecast range, helped by strong sales in Asia and lower shipping costs.",
            "The study, which followed more than {n} patients for ten years, found that those who slept fewer than "
            "six hours a night were far more likely to develop high blood pressure.",
            "Speaking after the match, the coach said his side had been unlucky not to win, pointing to two "
            "disallowed goals and a penalty that the referee waved away in the closing minutes.",
            "Households in several districts of {place} have been advised to boil their tap water until further "
            "notice after tests found traces of bacteria, the water company said on {weekday}.",
            "The museum, which reopened last year after a long refurbishment, says visitor numbers have already "
            "passed the levels seen before the pandemic, with school groups making up about a third of the total.",
            "Under the new rules, which take effect on {day} {month}, landlords will have to give at least two "
            "months' notice of any rent increase and carry out an annual safety inspection.",
            "Economists surveyed by the newspaper expect growth of around 1% this year, held back by high interest "
            "rates, weak exports and cautious consumers who are still rebuilding their savings.",
            "{person}, who has led the research group at the university for more than a decade, said the findings "
            "could eventually lead to cheaper batteries for electric cars and home storage.",
        ],
        "headlines": [
            "Central bank holds rates as inflation eases",
            "Heavy rain on the way for the weekend",
            "{org} shares jump after strong quarter",
            "New bridge in {place} delayed until spring",
            "Council backs {amount} road repair plan",
            "Flu cases fall for a {ordinal} week",
            "Scientists unveil early cancer blood test",
            "Museum in {place} opens photography show",
            "Oil edges higher as producers cut output",
            "Record summer expected for hotels in {place}",
            "Club lands new striker on three-year deal",
        ],
        "labour_headlines": [
            "Pay row at {org} deepens",
            "Tension grows at {org} in {place}",
            "Anger over wages grows in {place}",
            "Workers and management at {org} still far apart",
            "No end in sight to the pay row",
            "A tense week ahead in {place}",
        ],
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        "months": ["March", "April", "May", "June"],
        "ordinals": ["second", "third", "fourth", "fifth"],
        "first_names": ["James", "Sarah", "David", "Emma", "Michael", "Priya", "Daniel", "Grace"],
        "surnames": ["Collins", "Hughes", "Okafor", "Patel", "Turner", "Walsh", "Bennett", "Reid"],
        "sums": ["${} million", "£{} million", "€{} million"],
        "score": "{}-{}",
    },
    "it": {
        "places": ["Milano", "Torino", "Napoli", "Bologna", "Genova", "Bari", "Palermo", "Firenze"],
        "forms": ["S.p.A.", "S.r.l."],
        "events": [
            "I lavoratori della {org} hanno scioperato a {place} {weekday}, chiedendo un aumento del {pct}%.",
            "Circa {n} dipendenti della {org} hanno manifestato davanti alla prefettura di {place}.",
            "I sindacati hanno proclamato uno sciopero a {place} dal {day} {month} contro i licenziamenti.",
            "Per il {ordinal} giorno continua lo sciopero degli operai della {org} a {place}.",
            "La polizia ha fermato {small} manifestanti che bloccavano la statale vicino a {place}.",
            "Quattro lavoratrici della {org} sono in sciopero della fame a {place}.",
            "Le RSU della {org} hanno proclamato otto ore di sciopero nello stabilimento di {place} per il "
            "{day} {month}.",
            "In {n} sono scesi in piazza {weekday} a {place} contro il caro bollette.",
            "Gli agricoltori hanno bloccato con i trattori la statale vicino a {place} per alcune ore.",
        ],
        "filler": [
            "Piazza Affari ha guadagnato il {small}% dall'inizio dell'anno, trainata dai titoli bancari.",
            "Il maltempo continuerà per tutto il fine settimana: la protezione civile ha diramato l'allerta "
            "gialla in diverse regioni.",
            "La squadra di casa ha vinto la partita di campionato per {score} davanti al proprio pubblico.",
            "Il consiglio comunale di {place} ha approvato il bilancio di previsione dopo una lunga seduta.",
            "Il nuovo ponte sarà aperto al traffico in primavera, con oltre un anno di ritardo sul "
            "cronoprogramma.",
            "Il governo presenterà la legge di bilancio in Parlamento la prossima settimana.",
            "Secondo l'Istat, l'inflazione è scesa per il {ordinal} mese consecutivo.",
            "Le azioni della {org} hanno guadagnato il {pct}% dopo la pubblicazione dei conti trimestrali.",
            "La {org} investirà {amount} in un nuovo stabilimento alle porte di {place}, con {n} nuove "
            "assunzioni.",
            "Il club ha ingaggiato un nuovo attaccante con un contratto triennale.",
            "Un attacco aereo ha colpito un deposito di armi vicino al confine, ha riferito il ministero della "
            "Difesa.",
            "Secondo le agenzie dell'Onu, la fame minaccia milioni di persone nelle regioni del Sahel devastate "
            "dalla siccità.",
            "La Corte costituzionale ha bocciato la norma sul terzo mandato dei sindaci, giudicandola "
            "illegittima.",
            "Il film campione d'incassi dell'estate ha superato i {amount} al botteghino nel primo fine "
            "settimana.",
            "La Corte d'appello di {place} ha confermato la condanna a {small} anni per l'ex assessore ai "
            "lavori pubblici.",
            "{person} ha annullato due match point e ha vinto uno scambio di trenta colpi, conquistando i "
            "quarti del torneo.",
            "I ricercatori dell'università di {place} hanno messo a punto un esame del sangue per la diagnosi "
            "precoce di alcuni tumori.",
            "Le vendite di auto elettriche sono cresciute per il {ordinal} mese consecutivo.",
            "Da {weekday} i treni regionali tra {place} e la costa viaggeranno con orari ridotti per lavori "
            "sulla linea.",
            "I passeggeri dell'aeroporto di {place} sono aumentati del {pct}% rispetto all'anno scorso.",
            "La mostra sulla fotografia del primo Novecento aprirà al pubblico {weekday} {day} {month}.",
            "Il teatro comunale ha presentato la nuova stagione, con {small} titoli d'opera e una rassegna di "
            "danza.",
            "Il sindaco ha inaugurato la nuova pista ciclabile lungo il fiume, che collega il centro alla "
            "periferia.",
            "Il tribunale di {place} ha condannato a {small} anni un imprenditore per bancarotta fraudolenta.",
            "Le temperature raggiungeranno i 35 gradi a {place} entro il fine settimana, ben oltre la media "
            "stagionale.",
            "La nazionale ha battuto la Slovenia per {score} e ora guida il girone di qualificazione.",
            "Il prezzo del petrolio è salito lievemente {weekday}, mentre i mercati valutano i tagli alla "
            "produzione.",
            "La {org} ha chiuso l'esercizio con ricavi in crescita del {pct}% e ha aumentato il dividendo.",
            "Il governo ha annunciato un piano per costruire {n} alloggi popolari a {place} nei prossimi cinque "
            "anni.",
            "Uno studio pubblicato su una rivista scientifica indica che camminare mezz'ora al giorno riduce "
            "il rischio di infarto.",
            "Da {weekday} {day} {month} entrerà in servizio una nuova linea di autobus elettrici tra la stazione e "
            "l'ospedale.",
            "Il colosso tecnologico ha rilasciato un aggiornamento per correggere una grave falla di sicurezza "
            "negli smartphone.",
            "L'ospedale di {place} ha aperto un nuovo reparto di pediatria grazie a un finanziamento di "
            "{amount}.",
            "L'Autorità garante ha multato la {org} per {amount} per pratiche commerciali scorrette.",
            "Gli albergatori di {place} prevedono un'estate da record, con prenotazioni in aumento del {pct}%.",
            "La siccità potrebbe ridurre di un quinto il raccolto di grano, secondo le stime delle "
            "associazioni agricole.",
            "Un incendio in un magazzino alla periferia di {place} è stato domato nella notte; non ci sono "
            "feriti.",
            "Le nuove piste ciclabili hanno ridotto il traffico in centro di un decimo, ha spiegato {person} "
            "in consiglio comunale.",
            "Gli astronomi annunciano che da {weekday} {day} {month} una cometa sarà visibile a occhio nudo.",
            "Il gettito fiscale del primo trimestre ha superato le attese di {amount}, secondo il ministero "
            "dell'Economia.",
            "Il partito di maggioranza ha scelto {person} come candidato alle elezioni comunali di {place}.",
            "Un nuovo studio mostra che i bambini che leggono per piacere vanno meglio anche in matematica.",
            "La Banca centrale europea ha lasciato invariati i tassi di interesse, come previsto dagli "
            "analisti.",
            "La {org} ha firmato un accordo per rilevare un concorrente tedesco per {amount}.",
            "Il Senato ha approvato in seconda lettura il disegno di legge sulle piattaforme digitali.",
            "Il governatore ha spiegato ai giornalisti che il costo del denaro resterà invariato finché non ci "
            "saranno segnali più chiari di un rallentamento dei prezzi, e che la prossima decisione è attesa a "
            "{month}.",
            "Secondo l'amministrazione di {place}, la nuova linea del tram, in costruzione da quasi tre anni, entrerà "
            "in servizio in autunno, anche se il costo finale è salito a {amount}.",
            "La protezione civile ha diramato un'allerta arancione per temporali sulle regioni del Nord, con "
            "possibili grandinate e raffiche di vento fino a 80 chilometri orari.",
            "In una nota diffusa a mercati chiusi, la {org} ha indicato che l'utile dell'intero anno si collocherà "
            "nella parte alta della forchetta prevista, grazie alle vendite in Asia.",
            "Lo studio, che ha seguito oltre {n} pazienti per dieci anni, ha rilevato che chi dorme meno di sei ore a "
            "notte ha un rischio molto più alto di sviluppare ipertensione.",
            "Al termine della partita l'allenatore ha parlato di una sconfitta immeritata, ricordando due gol "
            "annullati e un rigore non concesso nei minuti finali.",
            "Gli abitanti di alcuni quartieri di {place} dovranno bollire l'acqua del rubinetto fino a nuovo avviso "
            "dopo che le analisi hanno rilevato tracce di batteri, ha comunicato {weekday} il gestore.",
            "Il museo, riaperto l'anno scorso dopo un lungo restauro, ha già superato il numero di visitatori "
            "registrato prima della pandemia, e le scolaresche rappresentano circa un terzo del totale.",
            "Con le nuove regole, in vigore da {weekday} {day} {month}, i proprietari dovranno comunicare "
            "eventuali aumenti dell'affitto con almeno due mesi di anticipo.",
            "Gli economisti prevedono una crescita intorno all'1% quest'anno, frenata dai tassi elevati, dalla "
            "debolezza dell'export e da consumi ancora prudenti.",
            "Secondo {person}, che guida il gruppo di ricerca da oltre dieci anni, i risultati potrebbero portare a "
            "batterie più economiche per le auto elettriche.",
        ],
        "headlines": [
            "Borsa, Piazza Affari chiude in rialzo",
            "Maltempo, allerta gialla nel fine settimana",
            "{org}, il titolo vola dopo i conti",
            "Nuovo ponte a {place}, l'apertura slitta alla primavera",
            "Inflazione in calo per il {ordinal} mese",
            "Tumori, un esame del sangue per la diagnosi precoce",
            "Petrolio in lieve rialzo",
            "Estate da record per gli alberghi di {place}",
            "Calciomercato, arriva il nuovo attaccante",
            "Cometa visibile a occhio nudo da {weekday} {day} {month}",
        ],
        "labour_headlines": [
            "{org}, la vertenza si inasprisce",
            "Tensione alla {org} di {place}",
            "Salari, cresce la rabbia a {place}",
            "Lavoratori e azienda ancora lontani",
            "Settimana difficile a {place}",
        ],
        "weekdays": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì"],
        "months": ["marzo", "aprile", "maggio", "giugno"],
        "ordinals": ["secondo", "terzo", "quarto", "quinto"],
        "first_names": ["Marco", "Giulia", "Luca", "Francesca", "Andrea", "Chiara", "Paolo", "Elena"],
        "surnames": ["Rossi", "Bianchi", "Esposito", "Ferrari", "Romano", "Colombo", "Ricci", "Marino"],
        "sums": ["{} milioni di euro"],
        "score": "{}-{}",
    },
    "ru": {
        "places": ["Караганде", "Новосибирске", "Екатеринбурге", "Актобе", "Самаре", "Перми"],
        "forms": ["ТОО", "АО", "ООО"],
        "events": [
            "Рабочие {org} в {place} объявили забастовку в {weekday}, требуя повысить зарплату на {pct}%.",
            "Около {n} сотрудников {org} вышли на митинг у здания акимата в {place}.",
            "Медики в {place} заявили о готовности бастовать с {day} {month}, "
            "если не погасят задолженность по зарплате.",
            "Шахтёры {org} в {place} продолжают забастовку уже {ordinal} день.",
            "Полиция задержала {small} протестующих, перекрывших трассу у {place}.",
            "Четверо работников {org} объявили голодовку в {place}.",
            "Профсоюз работников {org} в {place} объявил забастовку с {day} {month}.",
            "Около {n} человек вышли на митинг в {place} в {weekday}, протестуя против роста тарифов.",
            "Фермеры на несколько часов перекрыли трассу в {place}, требуя снизить цены на топливо.",
        ],
        "filler": [
            "Национальный банк сохранил базовую ставку без изменений, сославшись на замедление инфляции.",
            "Синоптики обещают сильные дожди в выходные, местами возможен град.",
            "Футбольный клуб подписал трёхлетний контракт с новым нападающим.",
            "Городской совет в {place} утвердил бюджет на ремонт дорог и уличного освещения.",
            "Новый мост откроют для движения весной, на год позже запланированного срока.",
            "Цены на бензин выросли на {small}% за год, сообщает статистическое ведомство.",
            "Акции {org} подорожали на {pct}% после публикации квартальной отчётности.",
            "{org} вложит {amount} в строительство нового логистического центра в {place}.",
            "Правительство внесёт проект бюджета в парламент на следующей неделе.",
            "Годовая инфляция замедлилась {ordinal} месяц подряд, сообщило статистическое ведомство.",
            "Ракетный удар по складу боеприпасов у границы нанёс серьёзный ущерб, сообщили в министерстве "
            "обороны.",
            "Гуманитарные организации предупреждают, что голод грозит миллионам жителей засушливых районов "
            "на юге страны.",
            "Конституционный суд признал неконституционной поправку о продлении полномочий губернаторов.",
            "Новый блокбастер собрал в прокате {amount} за первые выходные.",
            "{person} отыграл два матчбола, выиграл затяжной розыгрыш из тридцати ударов и вышел в "
            "четвертьфинал турнира.",
            "Учёные в {place} разработали анализ крови, позволяющий выявлять некоторые виды рака на ранней "
            "стадии.",
            "В {place} с {day} {month} начнёт курсировать электробус между вокзалом и университетом.",
            "Пассажиропоток аэропорта в {place} вырос на {pct}% по сравнению с прошлым годом.",
            "В городском музее открылась выставка фотографий начала прошлого века.",
            "Театр оперы и балета представил новый сезон: в афише несколько премьер и гастроли европейских "
            "трупп.",
            "Полиция в {place} ищет свидетелей ДТП, произошедшего в {weekday} вечером на центральном проспекте.",
            "Суд в {place} приговорил бывшего заместителя главы района к {small} годам лишения свободы за "
            "взятку.",
            "В {place} к концу недели ожидается до 35 градусов тепла, что заметно выше климатической нормы.",
            "Сборная одержала победу со счётом {score} и вышла в плей-офф.",
            "Цены на нефть немного выросли в {weekday} на фоне сокращения добычи в странах ОПЕК+.",
            "{org} сообщило о росте годовой выручки на {pct}% и увеличило дивиденды.",
            "Власти намерены построить в {place} {n} квартир для молодых семей в ближайшие пять лет.",
            "Исследование показало, что ежедневная получасовая прогулка заметно снижает риск сердечных "
            "заболеваний.",
            "Производитель смартфонов выпустил обновление, закрывающее серьёзную уязвимость в системе "
            "безопасности.",
            "В областной больнице в {place} открылось новое родильное отделение, на которое выделили {amount}.",
            "Антимонопольное ведомство оштрафовало {org} на {amount} за недостоверную рекламу.",
            "Туроператоры в {place} ожидают рекордного летнего сезона: число бронирований выросло на {pct}%.",
            "Аграрии опасаются, что засушливая весна сократит урожай пшеницы почти на пятую часть.",
            "В {place} ночью потушили пожар на складе, пострадавших нет.",
            "Глава города {person} заявил, что новые велодорожки заметно разгрузили центр.",
            "Астрономы сообщают, что с {day} {month} комету можно будет увидеть невооружённым глазом.",
            "Минфин сообщил, что налоговые поступления в первом квартале превысили прогноз на {amount}.",
            "Кандидатом от правящей партии на выборах главы региона стал {person}.",
            "МИД вручил ноту протеста послу соседней страны после инцидента на границе.",
            "Годовое собрание акционеров {org} утвердило выплату дивидендов.",
            "Из-за угрозы схода лавин в горах закрыли несколько перевалов.",
            "Курс рубля укрепился к доллару на фоне роста цен на нефть.",
            "Депутаты приняли во втором чтении законопроект о цифровых платформах.",
            "Заболеваемость гриппом снижается {ordinal} месяц подряд, сообщили в министерстве здравоохранения.",
            "С {day} {month} в {place} изменится расписание пригородных поездов из-за ремонта путей.",
            "Глава регулятора пояснил журналистам, что ставка останется на текущем уровне, пока не появятся явные "
            "признаки замедления роста цен, а следующее решение ожидается в начале {month}.",
            "По словам представителей городской администрации, новая трамвайная линия в {place}, которую строят почти "
            "три года, примет первых пассажиров осенью, хотя её стоимость выросла до {amount}.",
            "Синоптики объявили жёлтый уровень опасности из-за гроз: местами за час может выпасть до 40 миллиметров "
            "осадков.",
            "В сообщении для биржи {org} указало, что годовая прибыль окажется у верхней границы прогноза благодаря "
            "высоким продажам в Азии и снижению расходов на логистику.",
            "В исследовании, длившемся десять лет, участвовали более {n} пациентов; выяснилось, что у тех, кто спит "
            "меньше шести часов, риск гипертонии заметно выше.",
            "После матча главный тренер назвал поражение несправедливым, напомнив о двух отменённых голах и "
            "неназначенном пенальти в концовке встречи.",
            "Жителей нескольких районов в {place} призвали кипятить водопроводную воду до особого распоряжения: в "
            "пробах обнаружили бактерии.",
            "Музей, вновь открывшийся в прошлом году после долгой реставрации, уже превзошёл допандемийные показатели "
            "посещаемости, причём около трети гостей составляют школьники.",
            "По новым правилам, которые вступают в силу с {day} {month}, арендодатели обязаны предупреждать жильцов о "
            "повышении платы минимум за два месяца.",
            "Опрошенные экономисты ожидают, что в этом году экономика вырастет примерно на 1%, однако высокие ставки "
            "и слабый экспорт сдерживают рост.",
            "Руководитель исследовательской группы {person} считает, что результаты работы со временем позволят "
            "выпускать более дешёвые аккумуляторы для электромобилей.",
        ],
        "headlines": [
            "Нацбанк сохранил базовую ставку",
            "В выходные ожидаются сильные дожди",
            "Акции {org} резко подорожали",
            "Открытие нового моста в {place} перенесли на весну",
            "Инфляция замедляется {ordinal} месяц подряд",
            "Учёные создали анализ крови для ранней диагностики рака",
            "Нефть немного подорожала",
            "В {place} ждут рекордного туристического сезона",
            "Клуб подписал нового нападающего",
            "Комету можно будет увидеть невооружённым глазом",
        ],
        "labour_headlines": [
            "Напряжённость на {org} растёт",
            "В {place} растёт недовольство зарплатами",
            "Работники и руководство {org} так и не договорились",
            "Непростая неделя в {place}",
            "Спор о зарплатах затягивается",
        ],
        "weekdays": ["понедельник", "вторник", "среду", "четверг", "пятницу"],
        "months": ["марта", "апреля", "мая", "июня"],
        "ordinals": ["второй", "третий", "четвёртый", "пятый"],
        "first_names": ["Андрей", "Сергей", "Игорь", "Дмитрий", "Алексей", "Олег", "Михаил"],
        "surnames": ["Соколов", "Морозов", "Волков", "Лебедев", "Кузнецов", "Орлов", "Зайцев"],
        "sums": ["{} млн рублей", "{} млн тенге", "{} млрд рублей"],
        "score": "{}:{}",
    },
    "kk": {
        "places": ["Жаңаөзенде", "Ақтөбеде", "Атырауда", "Қарағандыда", "Шымкентте"],
        "forms": ["ЖШС", "АҚ"],
        "events": [
            "{place} {org} жұмысшылары жалақыны {pct} пайызға көтеруді талап етіп, ереуілге шықты.",
            "{place} {n} адам әкімдік алдында наразылық акциясына шықты.",
            "{place} дәрігерлер {day} {month} бастап ереуілге шығуға дайын екенін мәлімдеді.",
            "{org} кеншілерінің ереуілі {place} {ordinal} күнге созылды.",
            "Полиция {place} жолды жапқан {small} адамды ұстады.",
            "{place} {org} төрт жұмысшысы аштық жариялады.",
            "{place} {org} кәсіподағы {day} {month} бастап ереуіл жариялады.",
            "{place} фермерлер тракторлармен тасжолды бірнеше сағатқа жауып тастады.",
        ],
        "filler": [
            "Ұлттық банк базалық мөлшерлемені өзгеріссіз қалдырды.",
            "Синоптиктер демалыс күндері жаңбыр жауатынын хабарлады.",
            "Футбол клубы жаңа шабуылшымен үш жылдық келісімшартқа қол қойды.",
            "Қалалық мәслихат жол жөндеуге арналған бюджетті бекітті.",
            "{org} акциялары тоқсандық есеп жарияланғаннан кейін {pct} пайызға қымбаттады.",
            "{place} жаңа көпір көктемде пайдалануға беріледі.",
            "Бензин бағасы бір жылда {small} пайызға өсті.",
            "Үкімет келесі аптада республикалық бюджеттің жобасын Парламентке енгізеді.",
            "Ұлттық статистика бюросының мәліметінше, жылдық инфляция қатарынан {ordinal} ай баяулады.",
            "{org} {place} жаңа логистикалық орталық салуға {amount} жұмсайды.",
            "Әуе соққысы шекара маңындағы қару-жарақ қоймасын қиратты, деп хабарлады Қорғаныс министрлігі.",
            "Халықаралық ұйымдардың мәліметінше, құрғақшылық болған оңтүстік өңірлерді аштық жайлап барады.",
            "Конституциялық сот әкімдердің өкілеттігін ұзарту туралы түзетуді Конституцияға сәйкес емес деп "
            "таныды.",
            "Жаңа блокбастер алғашқы демалыс күндері прокатта {amount} жинады.",
            "{person} екі матчболды қайтарып, турнирдің ширек финалына шықты.",
            "{place} ғалымдар кейбір қатерлі ісіктерді ерте кезеңде анықтайтын қан талдауын әзірледі.",
            "{place} {day} {month} бастап вокзал мен университет арасында жаңа электробус қатынай бастайды.",
            "{place} әуежай арқылы өткен жолаушылар саны былтырғымен салыстырғанда {pct} пайызға өсті.",
            "Қалалық мұражайда өткен ғасырдың басындағы фотосуреттер көрмесі ашылды.",
            "Опера және балет театры жаңа маусымды бірнеше премьерамен ашады.",
            "Полиция {weekday} кешке орталық даңғылда болған жол-көлік оқиғасының куәгерлерін іздеп жатыр.",
            "{place} аудандық сот бұрынғы әкім орынбасарын пара алғаны үшін {small} жылға бас бостандығынан "
            "айырды.",
            "{place} апта соңына қарай ауа температурасы 35 градусқа дейін көтеріледі.",
            "Құрама команда {score} есебімен жеңіске жетіп, плей-оффқа шықты.",
            "Мұнай бағасы {weekday} ОПЕК+ елдерінің өндірісті қысқартуы аясында сәл өсті.",
            "{org} жылдық түсімінің {pct} пайызға өскенін хабарлады.",
            "Алдағы бес жылда {place} жас отбасылар үшін {n} пәтер салынады.",
            "Зерттеу нәтижесінде күн сайын жарты сағат серуендеу жүрек ауруларының қаупін айтарлықтай "
            "төмендететіні анықталды.",
            "Смартфон өндірушісі қауіпсіздік жүйесіндегі осал тұсты жоятын жаңарту шығарды.",
            "{place} облыстық ауруханада жаңа перзентхана бөлімі ашылды, оған {amount} бөлінді.",
            "Бәсекелестікті қорғау агенттігі {org} компаниясына жарнамадағы жалған мәлімет үшін {amount} "
            "айыппұл салды.",
            "{place} туроператорлар рекордтық жазғы маусым күтеді: брондау саны {pct} пайызға артқан.",
            "Фермерлер құрғақ көктем бидай өнімін бестен бір бөлікке дейін азайтуы мүмкін деп алаңдайды.",
            "{place} түнде қойманы шарпыған өрт сөндірілді, зардап шеккендер жоқ.",
            "Қала әкімі {person} жаңа велосипед жолдары қала орталығындағы кептелісті азайтқанын айтты.",
            "Астрономдардың айтуынша, {day} {month} бастап құйрықты жұлдызды жай көзбен көруге болады.",
            "Қаржы министрлігінің мәліметінше, бірінші тоқсандағы салық түсімдері болжамнан {amount} асып түсті.",
            "Билеуші партия облыс әкімі сайлауына {person} кандидатурасын ұсынды.",
            "Теңге бағамы мұнай бағасының өсуі аясында долларға қатысты нығайды.",
            "Мәжіліс депутаттары цифрлық платформалар туралы заң жобасын екінші оқылымда мақұлдады.",
            "Денсаулық сақтау министрлігінің хабарлауынша, тұмаумен сырқаттану қатарынан {ordinal} ай азайып "
            "келеді.",
            "{org} акционерлер жиналысы дивиденд төлеуді бекітті.",
            "Қар көшкіні қаупіне байланысты таудағы бірнеше асу жабылды.",
            "{place} {day} {month} бастап қала автобустарының жүру кестесі өзгереді.",
            "Ұлттық банк төрағасы журналистерге берген сұхбатында баға өсімі баяулағанына нақты дәлел болмайынша "
            "мөлшерлеме бұрынғы деңгейде қалатынын айтты.",
            "Қала әкімдігінің мәліметінше, {place} үш жылға жуық салынып жатқан жаңа трамвай желісі күзде алғашқы "
            "жолаушыларын тасымалдайды, ал жобаның жалпы құны – {amount}.",
            "Синоптиктер оңтүстік өңірлерде найзағайлы жаңбыр жауатынын ескертті: кей жерлерде бір сағатта 40 "
            "миллиметрге дейін жауын-шашын түсуі мүмкін.",
            "{org} биржаға жіберген хабарламасында жылдық пайда Азиядағы сатылымның өсуі арқасында болжамның жоғарғы "
            "шегіне жетеді деп күтетінін мәлімдеді.",
            "Он жылға созылған зерттеуге {n} науқас қатысты: түнде алты сағаттан аз ұйықтайтындарда гипертония қаупі "
            "едәуір жоғары екені анықталды.",
            "Матчтан кейін бас жаттықтырушы жеңіліс әділетсіз болғанын айтып, есептелмеген екі голды және соңғы "
            "минуттардағы тағайындалмаған пенальтиді еске салды.",
            "{place} бірнеше аудан тұрғындарына сынамалардан бактерия табылғандықтан, ауыз суды қайнатып ішу "
            "ұсынылды.",
            "Өткен жылы ұзақ жөндеуден кейін қайта ашылған мұражайға келушілер саны пандемияға дейінгі деңгейден асып "
            "түсті, олардың шамамен үштен бірі – оқушылар.",
            "{day} {month} бастап күшіне енетін жаңа ережеге сәйкес, пәтер иелері жалдау ақысын көтеру туралы "
            "тұрғындарға кемінде екі ай бұрын ескертуі тиіс.",
            "Сарапшылардың болжамынша, биыл экономика шамамен 4 пайызға өседі, алайда жоғары мөлшерлеме мен әлсіз "
            "экспорт өсімді тежеп отыр.",
            "Зерттеу тобының жетекшісі {person} бұл нәтижелер болашақта электромобильдерге арналған арзан "
            "аккумуляторлар шығаруға мүмкіндік береді деп санайды.",
        ],
        "headlines": [
            "Ұлттық банк базалық мөлшерлемені өзгертпеді",
            "Демалыс күндері жаңбыр жауады",
            "{org} акциялары қымбаттады",
            "{place} жаңа көпір көктемде ашылады",
            "Инфляция қатарынан {ordinal} ай баяулады",
            "Ғалымдар обырды ерте анықтайтын қан талдауын әзірледі",
            "Мұнай бағасы сәл өсті",
            "{place} рекордтық туристік маусым күтілуде",
            "Футбол клубы жаңа шабуылшы алды",
        ],
        "labour_headlines": [
            "{org} жұмысшылары мен басшылығы әлі келісе алмай отыр",
            "{place} жалақыға көңілі толмайтындар көбейіп барады",
            "{place} ахуал шиеленісіп тұр",
            "Жалақы мәселесі шешілмей келеді",
        ],
        "weekdays": ["дүйсенбіде", "сейсенбіде", "сәрсенбіде"],
        "months": ["наурыздан", "сәуірден", "мамырдан"],
        "ordinals": ["екінші", "үшінші", "төртінші"],
        "first_names": ["Ерлан", "Асхат", "Нұрлан", "Бауыржан", "Дәурен", "Мұрат", "Ғалым"],
        "surnames": ["Сапаров", "Жұмабаев", "Оспанов", "Нұрғалиев", "Бекмұратов", "Тұрсынов"],
        "sums": ["{} млн теңге", "{} млрд теңге"],
        "score": "{}:{}",
    },
    "es": {
        "places": ["Madrid", "Sevilla", "Valencia", "Córdoba", "Rosario", "Monterrey", "Medellín", "Lima"],
        "forms": ["S.A.", "S.L."],
        "events": [
            "Los trabajadores de {org} iniciaron una huelga en {place} el {weekday} "
            "para exigir un aumento del {pct}%.",
            "Unos {n} empleados de {org} se manifestaron frente a la sede de la empresa en {place}.",
            "Los médicos de {place} amenazaron con ir a la huelga a partir del {day} de {month}.",
            "Los mineros de {org} cumplen su {ordinal} día de huelga en {place}.",
            "La policía detuvo a {small} manifestantes que bloqueaban la carretera cerca de {place}.",
            "Cuatro trabajadores de {org} iniciaron una huelga de hambre en {place}.",
            "El sindicato convocó una huelga en la planta de {org} en {place} a partir del {day} de {month}.",
            "Unas {n} personas marcharon el {weekday} por el centro de {place} contra la subida de las tarifas.",
            "Los agricultores bloquearon con sus tractores la autopista cerca de {place} durante varias horas.",
        ],
        "filler": [
            "El banco central mantuvo sin cambios los tipos de interés, en línea con lo previsto por los "
            "analistas.",
            "Se esperan fuertes lluvias durante el fin de semana en buena parte del país, según la agencia "
            "meteorológica.",
            "El club de fútbol fichó a un nuevo delantero por tres temporadas.",
            "El ayuntamiento de {place} aprobó el presupuesto para obras viales y alumbrado público.",
            "El nuevo puente se abrirá al tráfico en primavera, con más de un año de retraso.",
            "La bolsa acumula una subida del {small}% en lo que va de año, impulsada por la banca.",
            "Las acciones de {org} se dispararon un {pct}% tras presentar unas cuentas mejores de lo esperado.",
            "{org} invertirá {amount} en una nueva planta en las afueras de {place}, que creará {n} empleos.",
            "El Gobierno presentará los presupuestos en el Congreso la próxima semana.",
            "La inflación se moderó por {ordinal} mes consecutivo, según el instituto de estadística.",
            "Un ataque aéreo destruyó un depósito de armas cerca de la frontera, informó el Ministerio de "
            "Defensa.",
            "Las agencias de la ONU advierten de que la sequía complica la lucha contra el hambre en el Sahel.",
            "El Tribunal Constitucional anuló la reforma electoral al considerar que vulneraba la autonomía "
            "regional.",
            "El taquillazo del verano recaudó {amount} en su primer fin de semana en cartelera.",
            "{person} salvó dos bolas de partido y ganó un intercambio de treinta golpes para meterse en "
            "cuartos del torneo.",
            "Huelga decir que las entradas para la final se agotaron en pocas horas.",
            "La tasa de paro bajó al {small}% en el primer trimestre, su nivel más bajo en quince años.",
            "Investigadores de la Universidad de {place} desarrollaron un análisis de sangre que detecta "
            "varios tipos de cáncer en fase temprana.",
            "A partir del {day} de {month}, un nuevo autobús eléctrico unirá la estación con el hospital de "
            "{place}.",
            "El aeropuerto de {place} registró un aumento del {pct}% en el número de pasajeros respecto al año "
            "pasado.",
            "El museo municipal inaugura el {day} de {month} una exposición sobre la fotografía de principios "
            "del siglo XX.",
            "El teatro presentó su nueva temporada, con {small} estrenos y varias compañías de danza invitadas.",
            "La policía busca testigos de un accidente ocurrido el {weekday} por la noche en la avenida "
            "principal de {place}.",
            "Un juzgado de {place} condenó a {small} años de prisión a un exalcalde por cohecho.",
            "Los termómetros alcanzarán los 38 grados en {place} a finales de semana, muy por encima de la "
            "media.",
            "La selección ganó por {score} y se clasificó para la fase final.",
            "El precio del petróleo subió ligeramente el {weekday} ante los recortes de producción de la "
            "OPEP+.",
            "{org} elevó sus ingresos anuales un {pct}% y aumentará el dividendo.",
            "El Gobierno anunció la construcción de {n} viviendas asequibles en {place} en los próximos cinco "
            "años.",
            "Un estudio concluye que caminar media hora al día reduce de forma notable el riesgo "
            "cardiovascular.",
            "El fabricante de teléfonos publicó una actualización para corregir un grave fallo de seguridad.",
            "El hospital de {place} estrenó una nueva unidad de neonatología financiada con {amount}.",
            "La autoridad de competencia multó a {org} con {amount} por publicidad engañosa.",
            "Los hoteleros de {place} prevén un verano récord, con reservas un {pct}% por encima del año pasado.",
            "Los agricultores temen que la sequía reduzca la cosecha de trigo hasta en una quinta parte.",
            "Los bomberos sofocaron de madrugada un incendio en una nave industrial de las afueras de "
            "{place}; no hubo heridos.",
            "Los nuevos carriles bici han reducido el tráfico en el centro, aseguró {person}, responsable de "
            "movilidad del ayuntamiento.",
            "Los astrónomos anuncian que a partir del {day} de {month} un cometa será visible a simple vista.",
            "Hacienda recaudó en el primer trimestre {amount} más de lo previsto.",
            "El partido en el Gobierno designó a {person} para encabezar su lista a la alcaldía de {place}.",
            "Las ventas de coches eléctricos crecieron por {ordinal} mes consecutivo.",
            "La puesta en marcha de la nueva línea de metro se retrasará hasta el otoño.",
            "El euro se apreció frente al dólar tras la publicación de los datos de empleo en Estados Unidos.",
            "El Senado aprobó la ley de plataformas digitales con el apoyo de la mayoría.",
            "El gobernador explicó a los periodistas que el precio del dinero se mantendrá hasta que haya señales "
            "claras de que la inflación se modera, y que la próxima decisión llegará en {month}.",
            "Según el ayuntamiento de {place}, la nueva línea de tranvía, en obras desde hace casi tres años, "
            "recibirá a sus primeros viajeros en otoño, aunque el coste final ya asciende a {amount}.",
            "La agencia meteorológica activó el aviso amarillo por tormentas en el sureste, donde podrían caer hasta "
            "40 litros por metro cuadrado en una hora.",
            "En un comunicado remitido al regulador bursátil, {org} indicó que su beneficio anual se situará en la "
            "parte alta de sus previsiones gracias al tirón de las ventas en Asia.",
            "El estudio, que siguió a más de {n} pacientes durante diez años, concluye que quienes duermen menos de "
            "seis horas tienen un riesgo mucho mayor de sufrir hipertensión.",
            "Tras el partido, el entrenador habló de una derrota injusta y recordó los dos goles anulados y un "
            "penalti no señalado en los minutos finales.",
            "Los vecinos de varios barrios de {place} deberán hervir el agua del grifo hasta nuevo aviso después de "
            "que los análisis detectaran bacterias, informó el {weekday} la empresa de aguas.",
            "El museo, que reabrió el año pasado tras una larga reforma, ya supera las cifras de visitantes previas a "
            "la pandemia, y los grupos escolares suponen cerca de un tercio del total.",
            "Con las nuevas normas, que entran en vigor el {day} de {month}, los propietarios tendrán que avisar de "
            "cualquier subida del alquiler con al menos dos meses de antelación.",
            "Los economistas consultados prevén un crecimiento cercano al 2% este año, lastrado por los tipos altos, "
            "la debilidad de las exportaciones y la prudencia de los consumidores.",
            "{person}, que dirige el grupo de investigación desde hace más de una década, cree que los resultados "
            "permitirán fabricar baterías más baratas para los coches eléctricos.",
        ],
        "headlines": [
            "El banco central mantiene los tipos",
            "Lluvias intensas para el fin de semana",
            "{org} se dispara en bolsa tras sus resultados",
            "El nuevo puente de {place} no abrirá hasta la primavera",
            "La inflación se modera por {ordinal} mes consecutivo",
            "Un análisis de sangre para detectar el cáncer a tiempo",
            "El petróleo sube ligeramente",
            "{place} espera un verano récord",
            "El club ficha a un nuevo delantero",
            "La tasa de paro, en mínimos",
        ],
        "labour_headlines": [
            "Crece la tensión en {org}",
            "Malestar por los salarios en {place}",
            "Trabajadores y dirección de {org}, sin acuerdo",
            "Semana complicada en {place}",
            "El conflicto salarial se enquista",
        ],
        "weekdays": ["lunes", "martes", "miércoles", "jueves", "viernes"],
        "months": ["marzo", "abril", "mayo", "junio"],
        "ordinals": ["segundo", "tercer", "cuarto", "quinto"],
        "first_names": ["Carlos", "Lucía", "Javier", "María", "Diego", "Carmen", "Pablo", "Sofía"],
        "surnames": ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Castillo"],
        "sums": ["{} millones de euros", "{} millones de dólares"],
        "score": "{}-{}",
    },
    "fr": {
        "places": ["Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bruxelles", "Liège", "Dakar"],
        "forms": ["SA", "SAS", "SARL"],
        "events": [
            "Les salariés de {org} se sont mis en grève {weekday} à {place} "
            "pour réclamer une hausse de {pct}% des salaires.",
            "Environ {n} employés de {org} ont manifesté devant la préfecture à {place}.",
            "Les infirmiers de {place} menacent de faire grève à partir du {day} {month}.",
            "Les mineurs de {org} poursuivent leur grève pour le {ordinal} jour à {place}.",
            "La police a interpellé {small} manifestants qui bloquaient la route près de {place}.",
            "Quatre salariés de {org} ont entamé une grève de la faim à {place}.",
            "Le syndicat a appelé à la grève sur le site de {org} à {place} à partir du {day} {month}.",
            "Quelque {n} personnes ont défilé {weekday} dans le centre de {place} contre la hausse des tarifs.",
            "Des agriculteurs ont bloqué l'autoroute près de {place} avec leurs tracteurs pendant plusieurs "
            "heures.",
        ],
        "filler": [
            "La banque centrale a maintenu son taux directeur inchangé, comme l'anticipaient les analystes.",
            "De fortes pluies sont attendues ce week-end sur une grande partie du pays, selon Météo-France.",
            "Le club de football a recruté un nouvel attaquant pour trois saisons.",
            "Le conseil municipal de {place} a adopté le budget de voirie et d'éclairage public.",
            "Le nouveau pont sera ouvert à la circulation au printemps, avec plus d'un an de retard.",
            "La Bourse de Paris a progressé de {small}% depuis le début de l'année, portée par les valeurs bancaires.",
            "L'action {org} a bondi de {pct}% après des résultats meilleurs que prévu.",
            "{org} va investir {amount} dans une nouvelle usine près de {place}, avec {n} emplois à la clé.",
            "Le gouvernement présentera le projet de loi de finances au Parlement la semaine prochaine.",
            "L'inflation a ralenti pour le {ordinal} mois consécutif, selon l'Insee.",
            "Une frappe aérienne a détruit un dépôt d'armes près de la frontière, a indiqué le ministère de la "
            "Défense.",
            "Selon les agences de l'ONU, la sécheresse compromet la lutte contre la faim au Sahel.",
            "Le Conseil constitutionnel a censuré l'article de loi sur la conservation des données de "
            "connexion.",
            "Le film, carton du box-office estival, a rapporté {amount} lors de son premier week-end.",
            "{person} a sauvé deux balles de match avant de remporter un échange de trente coups et de se "
            "qualifier pour les quarts du tournoi.",
            "Le taux d'occupation des hôtels de {place} a dépassé 80 % en {month}.",
            "Le barrage hydroélectrique de la vallée produira ses premiers kilowattheures au printemps.",
            "Des chercheurs de l'université de {place} ont mis au point une prise de sang capable de détecter "
            "plusieurs cancers à un stade précoce.",
            "À partir du {day} {month}, une nouvelle ligne de bus électrique reliera la gare à l'hôpital de "
            "{place}.",
            "L'aéroport de {place} a vu sa fréquentation augmenter de {pct}% sur un an.",
            "Le musée des Beaux-Arts inaugure le {day} {month} une exposition consacrée à la photographie du "
            "début du XXe siècle.",
            "L'opéra a dévoilé sa nouvelle saison, avec {small} nouvelles productions et plusieurs spectacles de "
            "danse.",
            "La police lance un appel à témoins après un accident survenu {weekday} soir sur le boulevard "
            "principal de {place}.",
            "Le tribunal correctionnel de {place} a condamné un ancien maire à {small} ans de prison pour "
            "corruption.",
            "Les températures atteindront 35 degrés à {place} en fin de semaine, bien au-dessus des normales "
            "de saison.",
            "L'équipe nationale s'est imposée {score} et se qualifie pour la phase finale.",
            "Le prix du pétrole a légèrement augmenté {weekday}, porté par la baisse de la production de "
            "l'OPEP+.",
            "{org} a annoncé une hausse de {pct}% de son chiffre d'affaires annuel et relève son dividende.",
            "Le gouvernement a annoncé la construction de {n} logements sociaux à {place} d'ici cinq ans.",
            "Selon une étude, une demi-heure d'activité physique par jour réduit nettement le risque de "
            "maladies cardiovasculaires.",
            "Le fabricant de smartphones a publié une mise à jour pour corriger une faille de sécurité "
            "critique.",
            "L'hôpital de {place} a inauguré un nouveau service de néonatologie, financé à hauteur de {amount}.",
            "L'Autorité de la concurrence a infligé une amende de {amount} à {org} pour publicité trompeuse.",
            "Les hôteliers de {place} s'attendent à un été record, avec des réservations en hausse de {pct}%.",
            "Les agriculteurs craignent que la sécheresse ne réduise la récolte de blé d'un cinquième.",
            "Les pompiers ont maîtrisé dans la nuit un incendie dans un entrepôt en périphérie de {place} ; "
            "aucun blessé n'est à déplorer.",
            "« Les nouvelles pistes cyclables ont fait baisser le trafic en centre-ville », a estimé {person} "
            "en conseil municipal.",
            "Les astronomes annoncent qu'à partir du {day} {month}, une comète sera visible à l'œil nu.",
            "Les recettes fiscales du premier trimestre ont dépassé les prévisions de {amount}, selon Bercy.",
            "Le parti majoritaire a investi {person} pour l'élection municipale de {place}.",
            "Les ventes de voitures électriques ont progressé pour le {ordinal} mois consécutif.",
            "L'euro s'est apprécié face au dollar après la publication des chiffres de l'emploi américain.",
            "Le Sénat a adopté en deuxième lecture le projet de loi sur les plateformes numériques.",
            "Le club a été éliminé en match de barrage aux tirs au but.",
            "Les produits bon marché venus d'Asie représentent désormais {pct}% des ventes en ligne.",
            "Le gouverneur a expliqué aux journalistes que le loyer de l'argent resterait inchangé tant que le "
            "ralentissement des prix ne serait pas confirmé, la prochaine décision étant attendue en {month}.",
            "Selon la mairie de {place}, la nouvelle ligne de tramway, en chantier depuis près de trois ans, "
            "accueillera ses premiers voyageurs à l'automne, pour un coût final porté à {amount}.",
            "Météo-France a placé plusieurs départements du Sud-Est en vigilance orange aux orages, avec des cumuls "
            "pouvant atteindre 40 millimètres en une heure.",
            "Dans un communiqué publié après la clôture, {org} indique que son bénéfice annuel devrait se situer dans "
            "le haut de la fourchette prévue, grâce au dynamisme de ses ventes en Asie.",
            "L'étude, qui a suivi plus de {n} patients pendant dix ans, montre que les personnes dormant moins de six "
            "heures par nuit ont un risque nettement plus élevé d'hypertension.",
            "Après la rencontre, l'entraîneur a parlé d'une défaite imméritée, évoquant deux buts refusés et un "
            "penalty non sifflé dans les dernières minutes.",
            "Les habitants de plusieurs quartiers de {place} doivent faire bouillir l'eau du robinet jusqu'à nouvel "
            "ordre après la détection de bactéries, a annoncé {weekday} le distributeur.",
            "Le musée, rouvert l'an dernier après de longs travaux, a déjà dépassé sa fréquentation d'avant la "
            "pandémie, les groupes scolaires représentant environ un tiers des entrées.",
            "Avec les nouvelles règles, qui entrent en vigueur le {day} {month}, les propriétaires devront prévenir "
            "leurs locataires de toute hausse de loyer au moins deux mois à l'avance.",
            "Les économistes interrogés tablent sur une croissance d'environ 1 % cette année, freinée par des taux "
            "élevés, des exportations en berne et des ménages prudents.",
            "Pour {person}, qui dirige l'équipe de recherche depuis plus de dix ans, ces résultats pourraient à terme "
            "permettre de produire des batteries moins chères pour les voitures électriques.",
        ],
        "headlines": [
            "La banque centrale maintient ses taux",
            "De fortes pluies attendues ce week-end",
            "{org} s'envole en Bourse après ses résultats",
            "Le nouveau pont de {place} n'ouvrira qu'au printemps",
            "L'inflation ralentit pour le {ordinal} mois",
            "Cancer : une prise de sang pour un dépistage précoce",
            "Le pétrole en légère hausse",
            "Été record attendu pour les hôtels de {place}",
            "Le club recrute un nouvel attaquant",
            "Une comète visible à l'œil nu",
        ],
        "labour_headlines": [
            "La tension monte chez {org}",
            "Salaires : le malaise grandit à {place}",
            "Salariés et direction de {org} toujours sans accord",
            "Semaine tendue à {place}",
            "Le conflit salarial s'enlise",
        ],
        "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
        "months": ["mars", "avril", "mai", "juin"],
        "ordinals": ["deuxième", "troisième", "quatrième", "cinquième"],
        "first_names": ["Julien", "Camille", "Nicolas", "Claire", "Thomas", "Sophie", "Antoine", "Léa"],
        "surnames": ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Fournier", "Lefebvre"],
        "sums": ["{} millions d'euros"],
        "score": "{}-{}",
    },
    "de": {
        "places": ["Hamburg", "Köln", "Leipzig", "Dortmund", "Wien", "Zürich", "Bremen", "Stuttgart"],
        "forms": ["GmbH", "AG"],
        "events": [
            "Die Beschäftigten der {org} sind am {weekday} in {place} in den Streik getreten "
            "und fordern {pct} Prozent mehr Lohn.",
            "Rund {n} Mitarbeiter der {org} protestierten vor dem Rathaus in {place}.",
            "Die Pflegekräfte in {place} drohen ab dem {day}. {month} mit einem Streik.",
            "Der Streik bei der {org} in {place} dauert bereits den {ordinal} Tag an.",
            "Die Polizei nahm {small} Demonstranten fest, die eine Straße bei {place} blockiert hatten.",
            "Vier Beschäftigte der {org} sind in {place} in den Hungerstreik getreten.",
            "Die Gewerkschaft hat die Beschäftigten der {org} in {place} ab dem {day}. {month} zum Streik "
            "aufgerufen.",
            "Rund {n} Anwohner protestierten am {weekday} in {place} gegen steigende Mieten.",
            "Landwirte blockierten mit ihren Traktoren stundenlang die Autobahn bei {place}.",
        ],
        "filler": [
            "Die Zentralbank ließ den Leitzins unverändert, wie von Analysten erwartet.",
            "Für das Wochenende wird in weiten Teilen des Landes starker Regen erwartet, teilte der "
            "Wetterdienst mit.",
            "Der Fußballverein verpflichtete einen neuen Stürmer für drei Jahre.",
            "Der Stadtrat von {place} beschloss den Haushalt für Straßenreparaturen und Beleuchtung.",
            "Die neue Brücke soll im Frühjahr für den Verkehr freigegeben werden, mehr als ein Jahr später als "
            "geplant.",
            "Der Leitindex liegt seit Jahresbeginn {small} Prozent im Plus, getragen von Bankwerten.",
            "Die Aktie der {org} stieg nach den Quartalszahlen um {pct} Prozent.",
            "Die {org} investiert {amount} in ein neues Werk bei {place} und will {n} Arbeitsplätze schaffen.",
            "Die Regierung will den Haushaltsentwurf in der kommenden Woche in den Bundestag einbringen.",
            "Die Inflation ging den {ordinal} Monat in Folge zurück, wie das Statistische Bundesamt mitteilte.",
            "Bei einem Luftangriff wurde ein Waffenlager nahe der Grenze zerstört, teilte das "
            "Verteidigungsministerium mit.",
            "Hilfsorganisationen warnen, dass sich der Hunger in den Dürregebieten im Süden des Landes weiter "
            "ausbreitet.",
            "Das Bundesverfassungsgericht kippte das Gesetz zur Vorratsdatenspeicherung.",
            "Der Kassenschlager des Sommers spielte am ersten Wochenende {amount} ein.",
            "{person} wehrte zwei Matchbälle ab und zog nach einem Ballwechsel über dreißig Schläge ins "
            "Viertelfinale des Turniers ein.",
            "Die Server des Onlinebankings streikten am {weekday} mehrere Stunden lang.",
            "Die Hauptversammlung der {org} stimmte einer höheren Dividende zu.",
            "Forscher der Universität {place} haben einen Bluttest entwickelt, der mehrere Krebsarten früh "
            "erkennt.",
            "Ab dem {day}. {month} verbindet eine neue Elektrobuslinie den Bahnhof mit dem Klinikum in {place}.",
            "Der Flughafen {place} zählte {pct} Prozent mehr Passagiere als im Vorjahr.",
            "Das Stadtmuseum eröffnet am {day}. {month} eine Ausstellung zur Fotografie des frühen 20. "
            "Jahrhunderts.",
            "Die Oper stellte ihre neue Spielzeit vor, mit {small} Neuinszenierungen und mehreren "
            "Ballettabenden.",
            "Die Polizei sucht Zeugen eines Unfalls, der sich am {weekday}abend auf der Hauptstraße in {place} "
            "ereignete.",
            "Das Landgericht {place} verurteilte einen früheren Bürgermeister wegen Bestechlichkeit zu {small} "
            "Jahren Haft.",
            "In {place} werden zum Wochenende bis zu 35 Grad erwartet, deutlich mehr als im langjährigen "
            "Mittel.",
            "Die Nationalmannschaft gewann mit {score} und qualifizierte sich für die Endrunde.",
            "Der Ölpreis stieg am {weekday} leicht, nachdem die OPEC+ Förderkürzungen angekündigt hatte.",
            "Die {org} steigerte ihren Jahresumsatz um {pct} Prozent und erhöht die Dividende.",
            "Die Landesregierung will in {place} in den nächsten fünf Jahren {n} Sozialwohnungen bauen.",
            "Laut einer Studie senkt eine halbe Stunde Bewegung am Tag das Risiko für "
            "Herz-Kreislauf-Erkrankungen deutlich.",
            "Der Smartphone-Hersteller veröffentlichte ein Update, das eine kritische Sicherheitslücke "
            "schließt.",
            "Das Klinikum {place} hat eine neue Geburtsstation eröffnet, die mit {amount} gefördert wurde.",
            "Das Kartellamt verhängte gegen die {org} eine Geldbuße von {amount} wegen irreführender Werbung.",
            "Die Hoteliers in {place} rechnen mit einem Rekordsommer, die Buchungen liegen {pct} Prozent über "
            "dem Vorjahr.",
            "Landwirte befürchten, dass die Trockenheit die Weizenernte um bis zu ein Fünftel schmälert.",
            "Die Feuerwehr löschte in der Nacht einen Brand in einer Lagerhalle am Stadtrand von {place}; "
            "verletzt wurde niemand.",
            "Die neuen Radwege hätten den Verkehr in der Innenstadt spürbar entlastet, sagte {person} im "
            "Stadtrat.",
            "Astronomen zufolge ist ab dem {day}. {month} ein Komet mit bloßem Auge zu sehen.",
            "Die Steuereinnahmen im ersten Quartal lagen {amount} über der Prognose, teilte das "
            "Finanzministerium mit.",
            "Die Regierungspartei schickt {person} ins Rennen um das Bürgermeisteramt in {place}.",
            "Der Absatz von Elektroautos stieg den {ordinal} Monat in Folge.",
            "Der Euro legte gegenüber dem Dollar zu, nachdem in den USA schwache Arbeitsmarktdaten "
            "veröffentlicht wurden.",
            "Der Bundestag verabschiedete das Gesetz über digitale Plattformen in zweiter Lesung.",
            "Die Blockadehaltung der Opposition im Bundesrat verzögert die Reform weiter.",
            "Der Notenbankchef sagte vor Journalisten, der Leitzins bleibe so lange unverändert, bis es klare "
            "Anzeichen für eine nachlassende Teuerung gebe; die nächste Entscheidung fällt im {month}.",
            "Nach Angaben der Stadt {place} soll die neue Straßenbahnlinie, an der seit fast drei Jahren gebaut wird, "
            "im Herbst die ersten Fahrgäste befördern, die Kosten sind inzwischen auf {amount} gestiegen.",
            "Der Wetterdienst warnte vor schweren Gewittern im Südwesten, örtlich könnten innerhalb einer Stunde bis "
            "zu 40 Liter Regen pro Quadratmeter fallen.",
            "In einer Pflichtmitteilung an die Börse erklärte die {org}, der Jahresgewinn werde am oberen Ende der "
            "Prognosespanne liegen, gestützt auf kräftige Verkäufe in Asien.",
            "Die Studie, die mehr als {n} Patienten über zehn Jahre begleitete, zeigt, dass Menschen mit weniger als "
            "sechs Stunden Schlaf deutlich häufiger an Bluthochdruck erkranken.",
            "Nach dem Spiel sprach der Trainer von einer unverdienten Niederlage und verwies auf zwei aberkannte Tore "
            "sowie einen nicht gegebenen Elfmeter in der Schlussphase.",
            "Die Bewohner mehrerer Stadtteile von {place} sollen ihr Leitungswasser bis auf Weiteres abkochen, "
            "nachdem bei Proben Bakterien entdeckt wurden, teilten die Stadtwerke am {weekday} mit.",
            "Das Museum, das im vergangenen Jahr nach langer Sanierung wieder öffnete, hat die Besucherzahlen aus der "
            "Zeit vor der Pandemie bereits übertroffen; etwa ein Drittel sind Schulklassen.",
            "Nach den neuen Regeln, die am {day}. {month} in Kraft treten, müssen Vermieter eine Mieterhöhung "
            "mindestens zwei Monate im Voraus ankündigen.",
            "Die befragten Ökonomen erwarten in diesem Jahr ein Wachstum von rund einem Prozent, gebremst durch hohe "
            "Zinsen, schwache Exporte und zurückhaltende Verbraucher.",
            "Die Ergebnisse könnten langfristig zu günstigeren Batterien für Elektroautos führen, sagte {person} von "
            "der Forschungsgruppe der Universität.",
        ],
        "headlines": [
            "Zentralbank lässt Leitzins unverändert",
            "Starker Regen am Wochenende erwartet",
            "Aktie der {org} legt kräftig zu",
            "Neue Brücke in {place} erst im Frühjahr fertig",
            "Inflation sinkt den {ordinal} Monat in Folge",
            "Bluttest soll Krebs früher erkennen",
            "Ölpreis steigt leicht",
            "Rekordsommer für Hotels in {place} erwartet",
            "Verein holt neuen Stürmer",
            "Komet mit bloßem Auge sichtbar",
        ],
        "labour_headlines": [
            "Spannungen bei der {org} nehmen zu",
            "Unmut über Löhne in {place} wächst",
            "Belegschaft und Geschäftsführung der {org} weiter uneins",
            "Angespannte Woche in {place}",
            "Lohnkonflikt zieht sich hin",
        ],
        "weekdays": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
        "months": ["März", "April", "Mai", "Juni"],
        "ordinals": ["zweiten", "dritten", "vierten", "fünften"],
        "first_names": ["Jan", "Anna", "Thomas", "Julia", "Markus", "Katrin", "Stefan", "Lena"],
        "surnames": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner"],
        "sums": ["{} Millionen Euro", "{} Millionen Franken"],
        "score": "{}:{}",
    },
    "pt": {
        "places": ["Lisboa", "Porto", "São Paulo", "Recife", "Belo Horizonte", "Maputo", "Luanda", "Braga"],
        "forms": ["S.A.", "Lda.", "Ltda."],
        "events": [
            "Os trabalhadores da {org} entraram em greve em {place} na {weekday}, exigindo um aumento de {pct}%.",
            "Cerca de {n} funcionários da {org} protestaram em frente à prefeitura de {place}.",
            "Os enfermeiros de {place} ameaçam fazer greve a partir de {day} de {month}.",
            "Os mineiros da {org} cumprem o {ordinal} dia de greve em {place}.",
            "A polícia deteve {small} manifestantes que bloqueavam a estrada perto de {place}.",
            "Quatro trabalhadores da {org} iniciaram uma greve de fome em {place}.",
            "O sindicato convocou uma greve na {org} em {place} a partir de {day} de {month}.",
            "Cerca de {n} pessoas marcharam na {weekday} pelo centro de {place} contra o aumento das tarifas.",
            "Os agricultores bloquearam com tratores a estrada perto de {place} durante várias horas.",
        ],
        "filler": [
            "O banco central manteve a taxa de juro inalterada, como esperavam os analistas.",
            "São esperadas chuvas fortes no fim de semana em grande parte do país, segundo o instituto de "
            "meteorologia.",
            "O clube de futebol contratou um novo avançado por três temporadas.",
            "A câmara municipal de {place} aprovou o orçamento para obras de pavimentação e iluminação pública.",
            "A nova ponte abrirá ao trânsito na primavera, com mais de um ano de atraso.",
            "A bolsa acumula uma subida de {small}% desde o início do ano, impulsionada pelos bancos.",
            "As ações da {org} dispararam {pct}% depois de resultados acima do esperado.",
            "A {org} vai investir {amount} numa nova fábrica nos arredores de {place}, com a criação de {n} "
            "empregos.",
            "O governo apresentará o orçamento ao parlamento na próxima semana.",
            "A inflação desacelerou pelo {ordinal} mês consecutivo, segundo o instituto de estatística.",
            "Um ataque aéreo destruiu um depósito de armas perto da fronteira, informou o Ministério da Defesa.",
            "Segundo a ONU, o combate à fome no Sahel é dificultado pela seca prolongada.",
            "O Supremo Tribunal Federal derrubou a lei estadual que restringia os aplicativos de transporte.",
            "O campeão de bilheteria do verão arrecadou {amount} no primeiro fim de semana em cartaz.",
            "{person} salvou dois match points e venceu uma troca de bolas de trinta pancadas para chegar aos "
            "quartos de final do torneio.",
            "A taxa de ocupação hoteleira em {place} superou os 80% em {month}.",
            "Pesquisadores da Universidade de {place} desenvolveram um exame de sangue capaz de detectar "
            "vários tipos de câncer.",
            "A partir de {day} de {month}, uma nova linha de ônibus elétrico ligará a estação ao hospital de "
            "{place}.",
            "O aeroporto de {place} registou um aumento de {pct}% no número de passageiros face ao ano passado.",
            "O museu municipal inaugura a {day} de {month} uma exposição sobre a fotografia do início do "
            "século XX.",
            "O teatro apresentou a nova temporada, com {small} estreias e vários espetáculos de dança.",
            "A polícia procura testemunhas de um acidente ocorrido na {weekday} à noite na avenida principal de "
            "{place}.",
            "O tribunal de {place} condenou um ex-prefeito a {small} anos de prisão por corrupção.",
            "As temperaturas devem chegar aos 38 graus em {place} no fim de semana, bem acima da média.",
            "A seleção venceu por {score} e garantiu a vaga na fase final.",
            "O preço do petróleo subiu ligeiramente na {weekday}, com os cortes de produção da OPEP+.",
            "A {org} aumentou a receita anual em {pct}% e vai elevar os dividendos.",
            "O governo anunciou a construção de {n} habitações a preços acessíveis em {place} nos próximos "
            "cinco anos.",
            "Um estudo concluiu que meia hora de exercício por dia reduz de forma significativa o risco "
            "cardiovascular.",
            "A fabricante de smartphones lançou uma atualização para corrigir uma falha grave de segurança.",
            "O hospital de {place} inaugurou uma nova unidade de neonatologia, financiada com {amount}.",
            "A autoridade da concorrência multou a {org} em {amount} por publicidade enganosa.",
            "Os hoteleiros de {place} preveem um verão recorde, com reservas {pct}% acima do ano passado.",
            "Os agricultores temem que a seca reduza a colheita de trigo em até um quinto.",
            "Os bombeiros controlaram durante a madrugada um incêndio num armazém nos arredores de {place}; "
            "não houve feridos.",
            "As novas ciclovias reduziram o trânsito no centro da cidade, afirmou {person} na sessão da câmara.",
            "Segundo os astrónomos, a partir de {day} de {month} um cometa poderá ser visto a olho nu.",
            "A receita fiscal do primeiro trimestre superou as previsões em {amount}, segundo o Ministério das "
            "Finanças.",
            "O partido do governo escolheu {person} para disputar a prefeitura de {place}.",
            "As vendas de carros elétricos cresceram pelo {ordinal} mês consecutivo.",
            "O real valorizou-se face ao dólar após a divulgação de dados de emprego nos Estados Unidos.",
            "A Assembleia da República aprovou na generalidade a proposta de lei sobre plataformas digitais.",
            "O protesto de títulos em cartório caiu {small}% no primeiro trimestre, segundo a associação do "
            "setor.",
            "A modernização do porto está em marcha e deve terminar em {month}.",
            "O governador explicou aos jornalistas que o custo do dinheiro vai manter-se enquanto não houver sinais "
            "claros de abrandamento dos preços, e que a próxima decisão será tomada em {month}.",
            "Segundo a administração municipal de {place}, a nova linha de metro ligeiro, em obras há quase três "
            "anos, receberá os primeiros passageiros no outono, embora o custo final já tenha subido para {amount}.",
            "O instituto de meteorologia emitiu aviso amarelo para trovoada no sul, onde poderão cair até 40 "
            "milímetros de chuva numa hora.",
            "Em comunicado ao mercado, a {org} indicou que o lucro anual deverá ficar no topo da sua previsão, graças "
            "às fortes vendas na Ásia.",
            "O estudo, que acompanhou mais de {n} pacientes durante dez anos, concluiu que quem dorme menos de seis "
            "horas por noite corre um risco bem maior de hipertensão.",
            "Depois do jogo, o treinador falou de uma derrota injusta, lembrando os dois golos anulados e um penálti "
            "por assinalar nos minutos finais.",
            "Os moradores de vários bairros de {place} devem ferver a água da torneira até nova ordem, depois de as "
            "análises terem detetado bactérias, informou na {weekday} a empresa de águas.",
            "O museu, reaberto no ano passado após longas obras, já ultrapassou o número de visitantes de antes da "
            "pandemia, e os grupos escolares representam cerca de um terço do total.",
            "Com as novas regras, que entram em vigor a {day} de {month}, os senhorios terão de avisar os inquilinos "
            "de qualquer aumento da renda com pelo menos dois meses de antecedência.",
            "Os economistas ouvidos preveem um crescimento de cerca de 2% este ano, travado pelos juros altos, pela "
            "fraqueza das exportações e pela prudência dos consumidores.",
            "{person}, que lidera o grupo de investigação há mais de uma década, acredita que os resultados poderão "
            "levar a baterias mais baratas para os carros elétricos.",
        ],
        "headlines": [
            "Banco central mantém juros",
            "Chuvas fortes no fim de semana",
            "Ações da {org} disparam após resultados",
            "Nova ponte de {place} só abre na primavera",
            "Inflação desacelera pelo {ordinal} mês",
            "Exame de sangue deteta câncer mais cedo",
            "Petróleo sobe ligeiramente",
            "Hotéis de {place} esperam verão recorde",
            "Clube contrata novo avançado",
            "Cometa visível a olho nu",
        ],
        "labour_headlines": [
            "Cresce a tensão na {org}",
            "Descontentamento com os salários aumenta em {place}",
            "Trabalhadores e direção da {org} continuam sem acordo",
            "Semana tensa em {place}",
            "Impasse salarial sem fim à vista",
        ],
        "weekdays": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"],
        "months": ["março", "abril", "maio", "junho"],
        "ordinals": ["segundo", "terceiro", "quarto", "quinto"],
        "first_names": ["João", "Ana", "Pedro", "Mariana", "Rui", "Beatriz", "Tiago", "Inês"],
        "surnames": ["Silva", "Santos", "Ferreira", "Pereira", "Costa", "Oliveira", "Rodrigues", "Almeida"],
        "sums": ["{} milhões de euros", "{} milhões de reais"],
        "score": "{}-{}",
    },
}


def _org(rng: random.Random, forms: list[str], language: str) -> str:
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    form = rng.choice(forms)
    if language in ("ru", "kk"):
        return f"{form} «{name}»"
    return f"{name} {form}"


def _value(name: str, rng: random.Random, spec: dict, language: str) -> str | int:
    """A value for one slot of a template."""
    match name:
        case "org":
            return _org(rng, spec["forms"], language)
        case "place":
            return rng.choice(spec["places"])
        case "weekday":
            return rng.choice(spec["weekdays"])
        case "month":
            return rng.choice(spec["months"])
        case "ordinal":
            return rng.choice(spec["ordinals"])
        case "day":
            return rng.randint(1, 28)
        case "pct":
            return rng.choice([5, 10, 15, 20, 30, 50])
        case "n":
            return rng.choice([50, 120, 300, 1500])
        case "small":
            return rng.choice([3, 7, 12, 25])
        case "person":
            return f"{rng.choice(spec['first_names'])} {rng.choice(spec['surnames'])}"
        case "amount":
            return rng.choice(spec["sums"]).format(rng.choice(SUMS))
        case "score":
            return spec["score"].format(*rng.choice(SCORES))
    raise KeyError(name)


SLOTS = ("org", "place", "weekday", "month", "ordinal", "day", "pct", "n", "small")


def _slots(rng: random.Random, spec: dict, language: str) -> dict:
    """Values for every slot an event template can hold (a story keeps them for each retelling)."""
    return {name: _value(name, rng, spec, language) for name in SLOTS}


@cache
def _fields(template: str) -> tuple[str, ...]:
    """The slots of a template, each once, in the order they come (so that values are drawn in that order)."""
    return tuple(dict.fromkeys(field for _, field, _, _ in string.Formatter().parse(template) if field))


def _fill(template: str, rng: random.Random, spec: dict, language: str) -> str:
    """The template with fresh values in the slots it holds."""
    return template.format(**{name: _value(name, rng, spec, language) for name in _fields(template)})


# Templates that name an organisation, by their place in every language's list: a story retells one of
# them with the same values; the strike begun (0) and the strike going on (3) tell one action.
STORY_TEMPLATES = {0: (0, 3), 1: (1,), 3: (0, 3), 5: (5,)}


class Stories:
    """Actions told by several outlets: each new one is retold one to three times over the next days."""

    def __init__(self) -> None:
        self.open: list[dict] = []

    def next(self, rng: random.Random) -> dict:
        """A story to tell: a fresh one, or one told before that is retold now (its telling counted)."""
        if self.open and rng.random() < 0.6:
            story = rng.choice(self.open)
            story["left"] -= 1
            if story["left"] <= 0:
                self.open.remove(story)
            return {**story, "published": story["published"] + timedelta(days=rng.randint(0, 2)),
                    "template": rng.choice(STORY_TEMPLATES[story["template"]])}
        language = rng.choice(list(LANGUAGES))
        spec = LANGUAGES[language]
        template = rng.choice([t for t in STORY_TEMPLATES if t < len(spec["events"])])
        story = {"language": language, "template": template, "slots": _slots(rng, spec, language),
                 "published": date(2023, 1, 1) + timedelta(days=rng.randrange(700)), "left": rng.randint(1, 3)}
        self.open.append(story)
        return dict(story)


# How many sentences the paragraphs of an article hold, at least and at most: one style per article.
PARAGRAPH_STYLES = ((1, 3), (1, 4), (2, 3), (2, 4), (3, 4))


def _body(rng: random.Random, spec: dict, language: str) -> list[list[str]]:
    """4 to 12 paragraphs of filler, no sentence twice unless the article outgrows the templates."""
    low, high = rng.choice(PARAGRAPH_STYLES)
    sizes = [rng.randint(low, high) for _ in range(rng.randint(4, 12))]
    filler = spec["filler"]
    total = sum(sizes)
    chosen = rng.sample(filler, min(total, len(filler))) + rng.choices(filler, k=max(0, total - len(filler)))
    sentences = iter(_fill(template, rng, spec, language) for template in chosen)
    return [[next(sentences) for _ in range(size)] for size in sizes]


def _insert(sentence: str, paragraphs: list[list[str]], rng: random.Random) -> None:
    """Put a sentence at a random place in a random paragraph."""
    paragraph = rng.choice(paragraphs)
    paragraph.insert(rng.randint(0, len(paragraph)), sentence)


def _headline(rng: random.Random, spec: dict, language: str, event: tuple[str, dict] | None) -> str:
    """The first line: news of the day, or, over an event told with ``event`` (template, values), often the
    dispute in the words of a headline, with the same organisation and place."""
    if event and rng.random() < 0.5:
        template, values = event
        held = set(_fields(template))
        fitting = [h for h in spec["labour_headlines"] if held.issuperset(_fields(h))]
        return rng.choice(fitting).format(**values)
    return _fill(rng.choice(spec["headlines"]), rng, spec, language)


def make_document(index: int, rng: random.Random, event_share: float, story: dict | None = None) -> dict:
    """One synthetic article (retelling ``story`` when given)."""
    language = story["language"] if story else rng.choice(list(LANGUAGES))
    spec = LANGUAGES[language]
    paragraphs = _body(rng, spec, language)
    event: tuple[str, dict] | None = None
    if story:
        event = (spec["events"][story["template"]], story["slots"])
        _insert(event[0].format(**story["slots"]), paragraphs, rng)
    elif rng.random() < event_share:
        for _ in range(rng.randint(1, 3)):
            template, values = rng.choice(spec["events"]), _slots(rng, spec, language)
            event = event or (template, values)
            _insert(template.format(**values), paragraphs, rng)
    text = "\n\n".join([_headline(rng, spec, language, event), *(" ".join(p) for p in paragraphs)])
    if not story and rng.random() < 0.05:
        other = rng.choice([code for code in LANGUAGES if code != language])
        extra = [_fill(t, rng, LANGUAGES[other], other) for t in rng.sample(LANGUAGES[other]["events"], 2)]
        text += "\n\n" + " ".join(extra)
    published = story["published"] if story else date(2023, 1, 1) + timedelta(days=rng.randrange(700))
    return {"id": f"bench-{index:07d}", "text": text, "url": f"https://news.example.org/{language}/{index}",
            "title": None, "published": published.isoformat() if story or rng.random() > 0.1 else None,
            "language": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--event-share", type=float, default=0.35)
    parser.add_argument("--story-share", type=float, default=0.15)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    stories = Stories()
    opener = gzip.open if args.out.name.endswith(".gz") else open
    with opener(args.out, "wt", encoding="utf-8") as fh:
        for i in range(args.count):
            story = stories.next(rng) if rng.random() < args.story_share else None
            fh.write(json.dumps(make_document(i, rng, args.event_share, story), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
