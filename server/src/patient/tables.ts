// Tables of the patient feature (migrations/0007_patient_release.sql).
export interface CasePatientReleasesTable {
  case_id: string;
  released_by: string;
  released_at: Date;
}

export interface PatientTables {
  case_patient_releases: CasePatientReleasesTable;
}
