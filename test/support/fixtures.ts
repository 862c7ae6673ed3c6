/** Cases as staff open them. The names are made up; the history scan looks for them. */
import type { OpenCaseBody, PrApplicationBody } from '../../domain/schemas';

export const APPLICANT = { familyName: 'Abdelrahman', givenNames: 'Samira', dateOfBirth: '1987-03-14', sex: 'F' as const };

export function psrOpening(groupId = 'group-montreal-1'): OpenCaseBody {
  return {
    stream: 'PSR',
    principalApplicant: APPLICANT,
    familyMembers: [
      { familyName: 'Abdelrahman', givenNames: 'Omar', dateOfBirth: '2012-07-01', relationship: 'child', accompanying: true },
      { familyName: 'Haddad', givenNames: 'Karim', dateOfBirth: '1985-11-30', relationship: 'spouse', accompanying: false },
    ],
    sponsor: { groupId, name: 'Groupe de parrainage Saint-Michel', contact: { email: 'parrainage@example.org', language: 'fr' } },
    visaOffice: 'Nairobi',
  };
}

export function garOpening(): OpenCaseBody {
  return {
    stream: 'GAR',
    principalApplicant: { familyName: 'Nkurunziza', givenNames: 'Aline', dateOfBirth: '1990-01-22' },
    familyMembers: [
      { familyName: 'Nkurunziza', givenNames: 'Eric', dateOfBirth: '1988-05-02', relationship: 'spouse', accompanying: false },
    ],
    visaOffice: 'Dar es Salaam',
  };
}

export const COMPLETE_PACKAGE: PrApplicationBody = {
  documents: [
    { type: 'IMM0008', fileName: 'imm0008.pdf' },
    { type: 'IMM0008-ScheduleA', fileName: 'schedule-a.pdf' },
    { type: 'IMM0008-Schedule2', fileName: 'schedule-2.pdf' },
    { type: 'sponsorship-undertaking', fileName: 'undertaking.pdf' },
  ],
};
