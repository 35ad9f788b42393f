/**
 * Death of a patient (Wet op de lijkbezorging). The KNMG-Wegwijzer 2014 names only the act; its
 * duties lie with the doctor who examines the body and issues the death certificate, and with the
 * municipal coroner whom that doctor calls in when not convinced of a natural death. Everyone else,
 * a district nurse included, stays bound by secrecy, which continues after death (Werkinstructie).
 * The municipality's registry gets who died, never the cause of death.
 */
import { type Area, DOCTORS, no, t, yes } from './common.js';
import { S } from './sources.js';

export const death: Area = {
  questions: [
    {
      id: 'legal.treatingDoctorAtDeath',
      type: 'boolean',
      text: t('Ben jij de arts die de lijkschouw verricht?', 'Are you the doctor who examines the body?'),
      help: t(
        'Alleen die arts heeft de meldingen van de Wet op de lijkbezorging. De gemeente (burgerlijke stand) krijgt wie er is overleden (vraag daarvoor identiteit en contactgegevens), nooit de doodsoorzaak; de gemeentelijk lijkschouwer (meestal een forensisch arts van de GGD) krijgt wat hij voor zijn oordeel over de doodsoorzaak nodig heeft.',
        'Only that doctor has the notifications of the Burial and Cremation Act. The municipality (civil registry) receives who died (request identity and contact details for that), never the cause of death; the municipal coroner (usually a GGD forensic doctor) receives what they need to judge the cause of death.',
      ),
      sources: [S.wWettelijkWlb, S.iWat],
    },
    {
      id: 'legal.naturalDeath',
      type: 'boolean',
      text: t(
        'Ben je ervan overtuigd dat de cliënt een natuurlijke dood is gestorven?',
        'Are you convinced that the client died a natural death?',
      ),
      help: t(
        'Alleen dan geef je zelf de verklaring van overlijden af. Twijfel je, dan schakel je de gemeentelijk lijkschouwer in en geef je de gemeente niets.',
        'Only then do you issue the death certificate yourself. If in doubt, you call in the municipal coroner and give the municipality nothing.',
      ),
      sources: [S.wWettelijkWlb],
    },
  ],
  rules: [
    {
      id: 'legal.death_notification',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: ['municipality'] },
          { purpose: ['death_notification'] },
          { deceased: true },
          { profession: DOCTORS },
          // The certificate says who died; a request for anything else (the cause of death) is
          // not covered by the duty, so it is not "required" with nothing to give (review D12).
          { requested: ['identity_and_contact'] },
        ],
      },
      when: { seq: [yes('legal.treatingDoctorAtDeath'), yes('legal.naturalDeath')] },
      title: t('Verklaring van overlijden aan de gemeente', 'Death certificate to the municipality'),
      description: t(
        'De arts die de lijkschouw verricht, geeft de gemeente de verklaring van overlijden: wie er is overleden. De doodsoorzaak gaat niet naar de burgerlijke stand; verder blijft het geheim gelden.',
        'The doctor who examines the body gives the municipality the death certificate: who died. The cause of death does not go to the civil registry; beyond that secrecy still applies.',
      ),
      met: t(
        'Je bent de arts die de lijkschouw verricht en overtuigd van een natuurlijke dood: geef de gemeente de verklaring van overlijden, zonder doodsoorzaak of andere medische gegevens.',
        'You are the doctor who examined the body and are convinced of a natural death: give the municipality the death certificate, without cause of death or other medical information.',
      ),
      notMet: t(
        'Je bent niet de arts die de lijkschouw verricht, of je twijfelt aan een natuurlijke dood (dan schakel je de gemeentelijk lijkschouwer in): je geeft de gemeente niets en het geheim blijft gelden.',
        'You are not the doctor who examined the body, or you doubt a natural death (then you call in the municipal coroner): you give the municipality nothing and secrecy still applies.',
      ),
      sources: [S.wWettelijkWlb, S.iWat],
    },
    {
      id: 'legal.death_coroner',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: ['public_health_service'] },
          { purpose: ['death_notification'] },
          { deceased: true },
          { profession: DOCTORS },
        ],
      },
      when: { seq: [yes('legal.treatingDoctorAtDeath'), no('legal.naturalDeath')] },
      title: t('Melding aan de gemeentelijk lijkschouwer', 'Notification to the municipal coroner'),
      description: t(
        'Is de arts die de lijkschouw verricht niet overtuigd van een natuurlijke dood, dan schakelt hij de gemeentelijk lijkschouwer in en geeft hem wat die voor zijn oordeel over de doodsoorzaak nodig heeft.',
        'When the doctor who examines the body is not convinced of a natural death, they call in the municipal coroner and give what the coroner needs to judge the cause of death.',
      ),
      met: t(
        'Je bent de arts die de lijkschouw verricht en niet overtuigd van een natuurlijke dood: geef de gemeentelijk lijkschouwer wat nodig is voor zijn oordeel over de doodsoorzaak.',
        'You are the doctor who examined the body and are not convinced of a natural death: give the municipal coroner what is needed to judge the cause of death.',
      ),
      notMet: t(
        'Je bent niet de arts die de lijkschouw verricht, of je bent overtuigd van een natuurlijke dood (dan geef je zelf de verklaring af): je hoeft de lijkschouwer niets te melden en het geheim blijft gelden.',
        'You are not the doctor who examined the body, or you are convinced of a natural death (then you issue the certificate yourself): you need not notify the coroner and secrecy still applies.',
      ),
      sources: [S.wWettelijkWlb, S.iWat],
    },
  ],
};
