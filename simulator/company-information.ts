import type { ApiEndpoint } from './api-access';
import { jsonResult } from './simulator-http';
import type { SimulatorControls } from './simulator-controls';
import type { ParsedSimulatorScript, SimulatorCompany } from './simulator-script';

/** Address values for a company whose script leaves them out. */
export const DEFAULT_COMPANY_ADDRESS = {
  address: 'Storgatan 1',
  zipCode: '111 22',
  city: 'Stockholm',
  countryCode: 'SE',
} as const;

/** The `CompanyInformation` object of fortnox.md section 8: strings, except `DatabaseNumber`. */
export function companyInformation(company: SimulatorCompany, databaseNumberAsString: boolean) {
  const address = company.address ?? DEFAULT_COMPANY_ADDRESS.address;
  const zipCode = company.zipCode ?? DEFAULT_COMPANY_ADDRESS.zipCode;
  const city = company.city ?? DEFAULT_COMPANY_ADDRESS.city;
  const countryCode = company.countryCode ?? DEFAULT_COMPANY_ADDRESS.countryCode;
  return {
    Address: address,
    City: city,
    CompanyName: company.name,
    CountryCode: countryCode,
    // DatabaseNumber equals the TenantId: int32 in the spec, a string in the C# SDK.
    DatabaseNumber: databaseNumberAsString ? String(company.tenantId) : company.tenantId,
    OrganizationNumber: company.organizationNumber,
    VisitAddress: company.visitAddress ?? address,
    VisitCity: company.visitCity ?? city,
    VisitCountryCode: company.visitCountryCode ?? countryCode,
    VisitZipCode: company.visitZipCode ?? zipCode,
    ZipCode: zipCode,
  };
}

/** `GET /3/companyinformation` (scope `companyinformation`) for the token's tenant. */
export function companyInformationEndpoint(script: ParsedSimulatorScript, controls: SimulatorControls): ApiEndpoint {
  return {
    name: 'companyinformation',
    scope: 'companyinformation',
    handle(claims) {
      const company = script.users
        .flatMap((user) => user.companies)
        .find((candidate) => candidate.tenantId === claims.tenantId);
      if (company === undefined) {
        return jsonResult(404, { ErrorInformation: { error: 1, message: 'Kan inte hitta företaget.', code: 2000423 } });
      }
      const info = companyInformation(company, controls.databaseNumberAsString);
      if (controls.databaseNumberOverride !== null) info.DatabaseNumber = controls.databaseNumberOverride;
      return jsonResult(200, { CompanyInformation: info });
    },
  };
}
