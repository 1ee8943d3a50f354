#include "connect/problem.hpp"

namespace neurowire::connect {

void FirstError::record(std::uint64_t query, std::exception_ptr e) {
#pragma omp critical(neurowire_connect_first_error)
    {
        if (query < query_) {
            query_ = query;
            error_ = e;
        }
    }
}

void FirstError::rethrow() const {
    if (error_) std::rethrow_exception(error_);
}

}  // namespace neurowire::connect
