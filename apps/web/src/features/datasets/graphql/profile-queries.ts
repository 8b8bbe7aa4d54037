export const CREATE_PROFILE_MUTATION = `
  mutation CreateQualityProfile($input: CreateQualityProfileInput!) {
    createQualityProfile(input: $input) { id name datasetId spec realisedNoiseRate createdAt }
  }`;
