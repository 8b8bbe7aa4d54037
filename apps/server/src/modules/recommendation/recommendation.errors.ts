import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class RecommendationError extends AppError {
  static profileNotFound(id: string): RecommendationError {
    return new RecommendationError(ErrorCode.NOT_FOUND, `no quality profile with id ${id}`, { id });
  }
}
