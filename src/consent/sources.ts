/**
 * The passages the consent rules rest on, cited as a reader must see them (the bibliography of
 * the source texts): document, then section. A statute is cited as a statute.
 */
export const SOURCES = {
  wegwijzerConsent: 'KNMG-Wegwijzer 2014, §1 Toestemming van de patiënt',
  instructionConsent: 'Werkinstructie medisch beroepsgeheim, §A Toestemming',
  rvsNoFreePass:
    'RVS-studie 2017, §3.2 Bevindingen uit de focusbijeenkomst (“Toestemming cliënt is geen vrijbrief”)',
  vgnWhoDecides: 'VGN-FAQ 2021, “Welke informatie mag gedeeld worden en met wie?”',
  vgnExceptions: 'VGN-FAQ 2021, “Zijn er uitzonderingen op de geheimhoudingsplicht?”',
  vgnThirdParties: 'VGN-FAQ 2021, “Wanneer mag je informatie delen met derden/anderen over cliënten?”',
  vgnSuccessor:
    'VGN-FAQ 2021, “Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?”',
  vgnObjection:
    'VGN-FAQ 2021, “Cliënt wil niet dat er informatie wordt gedeeld in samenwerkingsverbanden tussen zorgverleners. Moeten wij dit opvolgen?”',
  instructionWhat: 'Werkinstructie medisch beroepsgeheim, “Wat is een beroepsgeheim?”',
  avgWithdrawal: 'art. 7 lid 3 AVG',
} as const;
